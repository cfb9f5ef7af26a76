package com.carrier.hub.runtime.campaign.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.HubIT;

/**
 * What a dispatch claim takes: due contacts of the channel, those that waited (deferred, retries) first and oldest
 * first, then fresh ones; never one whose time has not come, one of another channel, or one of a list still being
 * decided; and each once, however many claims run.
 */
class ContactStoreIT extends HubIT {

    @Autowired
    ContactStore store;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void waitedContactsComeFirstAndNothingIsTakenBeforeItsTime() {
        // no campaign row: the running dispatcher never picks these contacts up, only this test's claims do
        String id = "CLAIM-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO campaign_list (campaign_id, list_id, state, parts, rows_read, staged)"
                + " VALUES (?, 'L1', 'DECIDED', 1, 8, '{}'::jsonb), (?, 'L2', 'DECIDING', 2, 1, '{}'::jsonb)", id, id);
        contact(id, "13900000001", "L1", "PENDING", null);
        contact(id, "13900000002", "L1", "PENDING", null);
        contact(id, "13900000003", "L1", "PENDING", "now() - interval '1 minute'");      // a retry now due
        contact(id, "13900000004", "L1", "DEFERRED", "now() - interval '2 hours'");     // quiet hours ended
        contact(id, "13900000005", "L1", "DEFERRED", "now() - interval '1 hour'");      // capacity: a new day
        contact(id, "13900000006", "L1", "DEFERRED", "now() + interval '1 hour'");      // not yet
        contact(id, "13900000007", "L1", "PENDING", "now() + interval '5 minutes'");    // retry not yet due
        contact(id, "13900000008", "L2", "PENDING", null);                               // list still deciding
        jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, list_id, grp, channel, status)"
                + " VALUES (?, '13900000009', 'L1', 'T', 'PORTAL', 'PENDING')", id);

        assertThat(msisdns(store.claim(id, "SMS", "i1", 1))).as("the longest waiting first")
                .containsExactly("13900000004");
        assertThat(msisdns(store.claim(id, "SMS", "i2", 2))).as("then the other waited ones: deferred, a due retry")
                .containsExactlyInAnyOrder("13900000005", "13900000003");
        assertThat(msisdns(store.claim(id, "SMS", "i1", 10))).as("then fresh ones")
                .containsExactlyInAnyOrder("13900000001", "13900000002");
        assertThat(store.claim(id, "SMS", "i2", 10)).as("nothing before its time, nothing of a deciding list")
                .isEmpty();

        assertThat(jdbc.queryForList("SELECT msisdn || ' ' || status || ' ' || coalesce(claimed_by, '-') FROM campaign_contact"
                + " WHERE campaign_id = ? ORDER BY msisdn", String.class, id)).containsExactly(
                "13900000001 CLAIMED i1", "13900000002 CLAIMED i1", "13900000003 CLAIMED i2", "13900000004 CLAIMED i1",
                "13900000005 CLAIMED i2", "13900000006 DEFERRED -", "13900000007 PENDING -", "13900000008 PENDING -",
                "13900000009 PENDING -");
    }

    private void contact(String campaign, String msisdn, String list, String status, String notBefore) {
        jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, list_id, grp, channel, status, not_before)"
                + " VALUES (?, ?, ?, 'T', 'SMS', ?, " + (notBefore == null ? "NULL" : notBefore) + ")",
                campaign, msisdn, list, status);
    }

    private static List<String> msisdns(List<ContactStore.Claimed> contacts) {
        return contacts.stream().map(ContactStore.Claimed::msisdn).toList();
    }
}

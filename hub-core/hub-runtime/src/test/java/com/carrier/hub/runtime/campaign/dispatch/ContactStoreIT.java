package com.carrier.hub.runtime.campaign.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.runtime.HubIT;

/**
 * What a dispatch claim takes: due contacts of the channel, those that waited (deferred, retries) first and oldest
 * first, then fresh ones; never one whose time has not come, one of another channel, or one of a list still being
 * decided; and each once, however many claims run. Contacts blacklisted or opted out since the policy ran are excluded
 * by the claim itself; an idempotent touchpoint's claim goes straight into SUBMITTING, marked resendable for recovery.
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

    @Test
    void aContactOptedOutSinceThePolicyRanIsExcludedByTheClaimItselfAndNotReturned() {
        String id = "OPTOUT-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO campaign_list (campaign_id, list_id, state, parts, rows_read, staged)"
                + " VALUES (?, 'L1', 'DECIDED', 1, 4, '{}'::jsonb)", id);
        String tail = id.substring(7, 11).chars().mapToObj(c -> String.valueOf(c % 10)).reduce("", String::concat);
        String blacklisted = "1390001" + tail;
        String optedOut = "1390002" + tail;
        String optedOutOfMm = "1390003" + tail;
        String fine = "1390004" + tail;
        for (String m : List.of(blacklisted, optedOut, optedOutOfMm, fine)) {
            contact(id, m, "L1", "PENDING", null);
        }
        jdbc.update("INSERT INTO blacklist (msisdn, source) VALUES (?, 'test')", blacklisted);
        jdbc.update("INSERT INTO channel_optout (msisdn, channel, source) VALUES (?, 'SMS', 'sms'), (?, 'MM', 'mm')",
                optedOut, optedOutOfMm);

        assertThat(msisdns(store.claim(id, "SMS", "i1", 10))).as("only contacts that may still be sent on the channel")
                .containsExactlyInAnyOrder(optedOutOfMm, fine);
        assertThat(jdbc.queryForList("SELECT msisdn || ' ' || status || ' ' || coalesce(reason, '-') || ' '"
                + " || coalesce(grp, '-') FROM campaign_contact WHERE campaign_id = ? ORDER BY msisdn", String.class, id))
                .containsExactly(blacklisted + " EXCLUDED BLACKLIST -", optedOut + " EXCLUDED CHANNEL_OPTOUT -",
                        optedOutOfMm + " CLAIMED - T", fine + " CLAIMED - T");
    }

    @Test
    void anIdempotentTouchpointsContactsAreClaimedStraightIntoSubmittingAndACrashSendsThemBackWhateverIsRegistered() {
        String id = "IDEM-" + UUID.randomUUID().toString().substring(0, 8);
        String node = id.toLowerCase();
        // alive while the test claims, so the running dispatcher's own recovery leaves its rows alone
        jdbc.update("INSERT INTO hub_instance (id) VALUES (?)", node);
        jdbc.update("INSERT INTO campaign_list (campaign_id, list_id, state, parts, rows_read, staged)"
                + " VALUES (?, 'L1', 'DECIDED', 1, 4, '{}'::jsonb)", id);
        contact(id, "13900000001", "L1", "PENDING", null);
        contact(id, "13900000002", "L1", "PENDING", null);
        jdbc.update("UPDATE campaign_contact SET message_ids = '{OLD-1}', parts = 2 WHERE campaign_id = ? AND msisdn = '13900000002'", id);
        contact(id, "13900000003", "L1", "PENDING", null);
        contact(id, "13900000004", "L1", "PENDING", null);
        contact(id, "13900000005", "L1", "PENDING", null);

        assertThat(msisdns(store.claim(id, "SMS", node, 2, true))).as("claimed straight into SUBMITTING")
                .containsExactlyInAnyOrder("13900000001", "13900000002");
        assertThat(msisdns(store.claim(id, "SMS", node, 2, false))).containsExactlyInAnyOrder("13900000003", "13900000004");
        store.markSubmitting(id, List.of("13900000003"), List.of(1), node);
        // SUBMITTING written by something else, with no part count: the mark is explicit, so it is not taken as resendable
        jdbc.update("UPDATE campaign_contact SET status = 'SUBMITTING', claimed_by = ? WHERE campaign_id = ?"
                + " AND msisdn = '13900000005'", node, id);
        assertThat(rows(id)).containsExactly("13900000001 SUBMITTING - - resendable",
                "13900000002 SUBMITTING - - resendable", "13900000003 SUBMITTING 1 - -", "13900000004 CLAIMED - - -",
                "13900000005 SUBMITTING - - -");

        // the hub restarts with no touchpoint called idempotent (its connector disabled): what was claimed straight into
        // SUBMITTING goes back as CLAIMED does; any other SUBMITTING contact may have been sent and stays unknown
        store.recover(node, java.time.Duration.ofSeconds(30), List.of(), false);
        assertThat(rows(id)).extracting(r -> r.substring(0, r.indexOf(' ', 12))).containsExactly(
                "13900000001 PENDING", "13900000002 PENDING", "13900000003 OUTCOME_UNKNOWN", "13900000004 PENDING",
                "13900000005 OUTCOME_UNKNOWN");
    }

    @Test
    void everyAnswerOfASliceIsStoredInOneStatementWithItsMessageIdsAsGiven() {
        String id = "DONE-" + UUID.randomUUID().toString().substring(0, 8);
        String node = id.toLowerCase();
        jdbc.update("INSERT INTO hub_instance (id) VALUES (?)", node);
        jdbc.update("INSERT INTO campaign_list (campaign_id, list_id, state, parts, rows_read, staged)"
                + " VALUES (?, 'L1', 'DECIDED', 1, 6, '{}'::jsonb)", id);
        for (int i = 1; i <= 6; i++) {
            contact(id, "1390000000" + i, "L1", "PENDING", null);
        }
        assertThat(store.claim(id, "SMS", node, 6)).hasSize(6);
        store.markSubmitting(id, List.of("13900000001", "13900000002", "13900000003", "13900000004", "13900000005",
                "13900000006"), List.of(2, 1, 1, 1, 1, 1), node);
        // a receipt overtook the lost submit_sm_resp of the fifth: its unknown outcome is SENT
        jdbc.update("UPDATE campaign_contact SET delivered = true WHERE campaign_id = ? AND msisdn = '13900000005'", id);

        store.complete(id, List.of(
                // ids an SMSC might give, quotes, backslash, comma and braces included, kept exactly and in order
                new ContactResult("13900000001", ContactResult.Status.SENT, null, List.of("a\"b", "c,d\\e{f}"), 0),
                new ContactResult("13900000002", ContactResult.Status.SENT, null, List.of("1000000002"), 1),
                ContactResult.failed("13900000003", "sms: SMSC refused: ESME_RINVDSTADR, 'x'"),
                ContactResult.retry("13900000004", "PEER_DOWN"),
                ContactResult.unknown("13900000005", "NO_ANSWER"),
                ContactResult.unknown("13900000006", "NO_ANSWER")), node, java.time.Duration.ofMinutes(7));

        assertThat(jdbc.queryForList("SELECT msisdn || ' ' || status || ' ' || coalesce(reason, '-') || ' '"
                + " || coalesce(parts::text, '-') || ' ' || coalesce(array_to_json(message_ids)::text, '-') || ' '"
                + " || (contacted_at IS NOT NULL) || ' ' || coalesce(claimed_by, '-') || ' ' || coalesce(sent_by, '-')"
                + " FROM campaign_contact WHERE campaign_id = ? ORDER BY msisdn", String.class, id)).containsExactly(
                "13900000001 SENT - 2 [\"a\\\"b\",\"c,d\\\\e{f}\"] true - " + node,
                "13900000002 SENT - 1 [\"1000000002\"] true - " + node,
                "13900000003 FAILED sms: SMSC refused: ESME_RINVDSTADR, 'x' 1 [] false - " + node,
                "13900000004 PENDING PEER_DOWN 1 [] false - " + node,
                "13900000005 SENT - 1 [] true - " + node,
                "13900000006 OUTCOME_UNKNOWN NO_ANSWER 1 [] true - " + node);
        assertThat(jdbc.queryForObject("SELECT not_before BETWEEN now() + interval '6 minutes' AND now() + interval '8 minutes'"
                + " FROM campaign_contact WHERE campaign_id = ? AND msisdn = '13900000004'", Boolean.class, id))
                .as("a retry waits retry-after").isTrue();
    }

    private List<String> rows(String campaign) {
        return jdbc.queryForList("SELECT msisdn || ' ' || status || ' ' || coalesce(parts::text, '-') || ' '"
                + " || coalesce(message_ids::text, '-') || ' ' || CASE WHEN resendable THEN 'resendable' ELSE '-' END"
                + " FROM campaign_contact WHERE campaign_id = ? ORDER BY msisdn", String.class, campaign);
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

package com.carrier.hub.runtime.console;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.batchfile.FileLedger;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.runtime.files.JdbcFileLedger;
import com.carrier.hub.runtime.policy.PolicyListStore;

/** The data the customer, contact policy and case library tests look at, written as the hub's tables hold it. */
final class ConsoleCustomerData {

    private ConsoleCustomerData() {
    }

    /** The feed of the file records these tests write (and remove). */
    static final String FEED = "console-customer-feed";

    /**
     * Records a quarantined file of {@link #FEED} with its first rejected rows kept, as the engine does: a bad number,
     * a script, and a row holding a mobile number (masked by the engine before the ledger sees it).
     */
    static void fileWithRejects(JdbcFileLedger ledger, String name, String script) {
        Instant now = Instant.now();
        ledger.record(new FileResult(FEED, name, Outcome.QUARANTINED, "REJECT_THRESHOLD", FEED + ": " + name
                + " rejected 3 of 10 rows", 10, 7, 3, 1234, "0123456789abcdef0123456789abcdef", now.minusSeconds(1), now),
                List.of(new FileLedger.Rejected(2, "BAD_MSISDN", "A|1370019x|C1|" + script),
                        new FileLedger.Rejected(5, "BAD_DATE", "A|" + Msisdn.maskAll("13700190009") + "|C2|2026-13-01"),
                        new FileLedger.Rejected(9, "BAD_MSISDN", "A||C3")));
    }

    /** Removes what the tests wrote for these numbers and campaigns. */
    static void clean(JdbcTemplate jdbc, PolicyListStore lists, List<String> numbers, List<String> campaigns) {
        for (String m : numbers) {
            for (PolicyListStore.ListKind kind : PolicyListStore.ListKind.values()) {
                lists.remove(kind, m, null);
            }
            jdbc.update("DELETE FROM holding WHERE msisdn = ?", m);
            jdbc.update("DELETE FROM customer WHERE msisdn = ?", m);
        }
        jdbc.update("DELETE FROM file_record WHERE feed = ?", FEED);
        for (String c : campaigns) {
            jdbc.update("DELETE FROM response_attribution WHERE campaign_id = ?", c);
            jdbc.update("DELETE FROM response_event WHERE campaign_id = ?", c);
            jdbc.update("DELETE FROM campaign_contact WHERE campaign_id = ?", c);
            jdbc.update("DELETE FROM case_score WHERE campaign_id = ?", c);
            jdbc.update("DELETE FROM campaign_case WHERE campaign_id = ?", c);
            jdbc.update("DELETE FROM campaign WHERE id = ?", c);
        }
    }

    /** A customer in the index, holding a product, on the blacklist, excluded by one campaign and replying to it. */
    static void customerWithHistory(JdbcTemplate jdbc, PolicyListStore lists, String msisdn, String campaignId,
                                    String campaignName) {
        jdbc.update("""
                INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,
                                      open_date, arpu_3m_fen, customer_class, update_time)
                VALUES (?, 'C-77', '张三丰', 'GOTONE', '591', 'P-BASE', 1, 'HUAWEI Mate60', DATE '2020-01-02', 8800, 1, now())""",
                msisdn);
        jdbc.update("INSERT INTO product (product_id, name, type, price_fen, status) VALUES ('P-5G', '5G plan', 'PLAN', 100, 1)"
                + " ON CONFLICT DO NOTHING");
        jdbc.update("INSERT INTO holding (msisdn, product_id, effective_time) VALUES (?, 'P-5G', now())", msisdn);
        campaign(jdbc, campaignId, campaignName, "RUNNING");
        jdbc.update("""
                INSERT INTO campaign_contact (campaign_id, msisdn, list_id, segment, grp, channel, status, reason)
                VALUES (?, ?, 'L1', 'YOUTH', 'T', 'SMS', 'EXCLUDED', 'HOLDS_PRODUCT')""", campaignId, msisdn);
        Long event = jdbc.queryForObject("""
                INSERT INTO response_event (source, event_id, channel, type, msisdn, campaign_id, event_time, detail)
                VALUES ('test', ?, 'SMS', 'REPLIED', ?, ?, now(), 'call 13812345678') RETURNING id""",
                Long.class, "ccust-" + campaignId, msisdn, campaignId);
        jdbc.update("""
                INSERT INTO response_attribution (event_id, campaign_id, msisdn, channel, type, event_time, grp, outcome)
                VALUES (?, ?, ?, 'SMS', 'REPLIED', now(), 'T', 'ATTRIBUTED')""", event, campaignId, msisdn);
        lists.blacklist(msisdn, "complaint", "test");
    }

    static void frozenCase(JdbcTemplate jdbc, String caseId, String name) {
        campaign(jdbc, caseId, name, "COMPLETED");
        jdbc.update("""
                INSERT INTO campaign_case (campaign_id, name, type, product_id, segments, lift, p_value, owner, definition,
                                           evaluation)
                VALUES (?, ?, 'PROMOTION', 'P-5G', ARRAY['YOUTH'], 0.12, 0.03, 'ccust-owner', '{}'::jsonb, ?::jsonb)""",
                caseId, name, """
                {"total": {"targeted": 1000, "excluded": 100, "treatment": 850, "control": 50, "sent": 840,
                           "outcomeUnknown": 0, "delivered": 800, "responded": 120, "orderedTreatment": 110,
                           "orderedControl": 0, "conversionTreatment": 0.1294, "conversionControl": 0.0,
                           "lift": {"absolute": 0.12, "relative": null, "pValue": 0.03, "ciLow": 0.05, "ciHigh": 0.19}},
                 "breakdown": [{"channel": "SMS", "segment": "YOUTH", "targeted": 1000, "excluded": 100,
                           "treatment": 850, "control": 50, "sent": 840, "outcomeUnknown": 0, "delivered": 800,
                           "responded": 120, "orderedTreatment": 110, "orderedControl": 0}]}""");
    }

    static void campaign(JdbcTemplate jdbc, String id, String name, String status) {
        jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                      response_window_days, definition, created_by)
                VALUES (?, ?, 'PROMOTION', 'P-5G', ?, now() - interval '10 days', now() + interval '10 days', 5, 7,
                        '{}'::jsonb, 'ccust-owner')""", id, name, status);
    }
}

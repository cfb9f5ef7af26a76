package com.carrier.hub.runtime.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.campaign.CampaignProgress;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.runtime.campaign.dispatch.ContactStore;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.carrier.hub.runtime.evaluation.EvaluationService;

/**
 * OUTCOME_UNKNOWN is resolved, not left (issue 18): a receipt whose message id no contact has is matched by the
 * customer's MSISDN and the service code to the unresolved contact, which becomes SENT once every part is receipted;
 * a contact without a receipt when its window closes goes back to dispatch, once; progress and evaluation count the
 * unresolved apart, and none of them is ever delivered. Receipts are stored as the SMS connector stores them for an
 * unknown id ({@code unmatched stat:… err:… to:<service code>}); the receipt window is the default 48 hours.
 */
class OutcomeResolutionIT extends HubIT {

    private static final Duration DAY = Duration.ofDays(1);

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResponseEventSink sink;
    @Autowired
    ResponseCorrelator correlator;
    @Autowired
    EvaluationService evaluations;
    @Autowired
    CampaignProgress progress;
    @Autowired
    CampaignRepository campaigns;
    @Autowired
    ContactStore contacts;

    LedgerFixtures f;

    @BeforeEach
    void fixtures() {
        f = new LedgerFixtures(jdbc);
    }

    /** A running SMS campaign sending from service code 10658001. */
    private String campaign(Duration startedAgo, Boolean resendUnresolved) {
        String c = f.campaign("P1", startedAgo, DAY, 7, "RUNNING", false);
        jdbc.update("UPDATE campaign SET definition = definition || ?::jsonb WHERE id = ?",
                resendUnresolved == null ? "{\"sourceAddress\":\"10658001\"}"
                        : "{\"sourceAddress\":\"10658001\",\"resendUnresolved\":" + resendUnresolved + "}", c);
        return c;
    }

    /** A contact whose submit outcome is unknown (a crash between SUBMITTING and the answer), of {@code parts} parts. */
    private void unresolved(String campaign, String msisdn, Duration submittedAgo, int parts) {
        jdbc.update("""
                INSERT INTO campaign_contact (campaign_id, msisdn, segment, grp, channel, status, reason, parts, decided_at,
                                              contacted_at)
                VALUES (?, ?, 'S1', 'T', 'SMS', 'OUTCOME_UNKNOWN', 'INTERRUPTED', ?, now() - interval '3 days', ?)""",
                campaign, msisdn, parts, Timestamp.from(Instant.now().minus(submittedAgo)));
    }

    private static ResponseEvent unknownIdReceipt(String messageId, String msisdn, String serviceCode, String stat,
                                                  Duration ago) {
        return new ResponseEvent("sms", "dlr:" + messageId + ":" + stat, "SMS",
                "DELIVRD".equals(stat) ? ResponseEvent.Type.DELIVERED : ResponseEvent.Type.UNDELIVERED, msisdn, null,
                messageId, Instant.now().minus(ago), "unmatched stat:" + stat + " err:000 to:" + serviceCode);
    }

    private Map<String, Object> contact(String campaign, String msisdn) {
        return jdbc.queryForMap("SELECT status, reason, delivered, resent, message_ids::text AS ids, contacted_at"
                + " FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?", campaign, msisdn);
    }

    private String id(int n) {
        return "7" + f.prefix.substring(3) + String.format("%04d", n);
    }

    @Test
    void aReceiptOfAnUnknownIdSettlesTheCustomersUnresolvedContactByMsisdnAndServiceCode() {
        String c = campaign(DAY, null);
        unresolved(c, f.m(1), Duration.ofMinutes(3), 1);
        unresolved(c, f.m(2), Duration.ofMinutes(3), 1);
        unresolved(c, f.m(3), Duration.ofMinutes(3), 1);
        f.sent(c, f.m(4), "S1", "SMS", Duration.ofMinutes(3), id(4));
        sink.append(List.of(
                unknownIdReceipt(id(1), f.m(1), "10658001", "DELIVRD", Duration.ofMinutes(1)),
                // another service code: another sender's message to the same customer
                unknownIdReceipt(id(2), f.m(2), "10659999", "DELIVRD", Duration.ofMinutes(1)),
                // done before the submit: not this contact's message
                unknownIdReceipt(id(3), f.m(3), "10658001", "DELIVRD", Duration.ofMinutes(20))));

        correlator.correlate();

        assertThat(contact(c, f.m(1))).containsEntry("status", "SENT").containsEntry("delivered", true)
                .containsEntry("reason", null).containsEntry("ids", "{" + id(1) + "}");
        assertThat(f.outcomeOfEvent("sms", "dlr:" + id(1) + ":DELIVRD")).isEqualTo("ATTRIBUTED");
        assertThat(contact(c, f.m(2))).containsEntry("status", "OUTCOME_UNKNOWN").containsEntry("delivered", false);
        assertThat(f.outcomeOfEvent("sms", "dlr:" + id(2) + ":DELIVRD")).isEqualTo("UNMATCHED");
        assertThat(contact(c, f.m(3))).containsEntry("status", "OUTCOME_UNKNOWN").containsEntry("delivered", false);
        assertThat(f.outcomeOfEvent("sms", "dlr:" + id(3) + ":DELIVRD")).isEqualTo("UNMATCHED");

        // honest reporting: SENT apart from the two still unresolved, which are neither sent nor delivered
        CampaignProgress.Progress p = progress.of(c);
        assertThat(p.contacted()).isEqualTo(2);
        assertThat(p.outcomeUnknown()).isEqualTo(2);
        Evaluation e = evaluations.compute(campaigns.find(c).orElseThrow(), Instant.now());
        assertThat(e.total().sent()).isEqualTo(2);
        assertThat(e.total().outcomeUnknown()).isEqualTo(2);
        assertThat(e.total().delivered()).isEqualTo(1);
    }

    @Test
    void aTwoPartMessageIsSettledOnlyWhenBothPartsAreReceiptedAndTheLastDecidesNothingAlone() {
        String c = campaign(DAY, null);
        unresolved(c, f.m(1), Duration.ofMinutes(3), 2);
        sink.append(List.of(unknownIdReceipt(id(10), f.m(1), "10658001", "DELIVRD", Duration.ofMinutes(1))));
        correlator.correlate();
        assertThat(contact(c, f.m(1))).as("only the first part is known to have arrived")
                .containsEntry("status", "OUTCOME_UNKNOWN").containsEntry("delivered", false)
                .containsEntry("ids", "{" + id(10) + "}");

        sink.append(List.of(unknownIdReceipt(id(11), f.m(1), "10658001", "DELIVRD", Duration.ofSeconds(50))));
        correlator.correlate();
        assertThat(contact(c, f.m(1))).containsEntry("status", "SENT").containsEntry("delivered", true);
    }

    @Test
    void aReceiptTheConnectorMatchedToAnUnresolvedContactMakesItSentNeverDeliveredAndUnknown() {
        String c = campaign(DAY, null);
        unresolved(c, f.m(1), Duration.ofMinutes(3), 1);
        // the submit_sm_resp timed out, the SMS connector still knew the message when its receipt came
        sink.append(List.of(new ResponseEvent("sms", "dlr:" + id(20) + ":DELIVRD", "SMS",
                ResponseEvent.Type.DELIVERED, f.m(1), c, id(20), Instant.now().minusSeconds(30), "stat:DELIVRD err:000")));
        correlator.correlate();
        assertThat(contact(c, f.m(1))).containsEntry("status", "SENT").containsEntry("delivered", true);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE status = 'OUTCOME_UNKNOWN' AND delivered",
                Long.class)).isZero();
    }

    @Test
    void aReceiptThatOvertookALostAnswerMakesTheTimedOutSubmitSent() {
        String c = campaign(DAY, null);
        jdbc.update("""
                INSERT INTO campaign_contact (campaign_id, msisdn, segment, grp, channel, status, claimed_by, parts, decided_at)
                VALUES (?, ?, 'S1', 'T', 'SMS', 'SUBMITTING', 'node-1', 1, now())""", c, f.m(1));
        // the receipt came (matched by the connector) while the submit_sm_resp was still awaited
        sink.append(List.of(new ResponseEvent("sms", "dlr:" + id(30) + ":DELIVRD", "SMS",
                ResponseEvent.Type.DELIVERED, f.m(1), c, id(30), Instant.now(), "stat:DELIVRD err:000")));
        correlator.correlate();
        contacts.complete(c, List.of(new ContactResult(f.m(1), ContactResult.Status.OUTCOME_UNKNOWN,
                "no submit_sm_resp within 10000 ms", List.of(), 1)), "node-1", Duration.ofMinutes(1));
        assertThat(contact(c, f.m(1))).containsEntry("status", "SENT").containsEntry("delivered", true)
                .containsEntry("reason", null);
    }

    @Test
    void aContactWithoutAReceiptWhenItsWindowClosesIsSentAgainOnceAndOnlyIfItsCampaignAllows() {
        String c = campaign(Duration.ofDays(3), null);
        String noResend = campaign(Duration.ofDays(3), false);
        unresolved(c, f.m(1), Duration.ofHours(49), 1);
        unresolved(c, f.m(2), Duration.ofHours(47), 1);
        unresolved(noResend, f.m(3), Duration.ofHours(49), 1);

        correlator.correlate();

        assertThat(contact(c, f.m(1))).as("window closed: sent again").containsEntry("status", "PENDING")
                .containsEntry("resent", true).containsEntry("contacted_at", null);
        assertThat(contact(c, f.m(2))).as("window still open").containsEntry("status", "OUTCOME_UNKNOWN")
                .containsEntry("resent", false);
        assertThat(contact(noResend, f.m(3))).as("campaign says no").containsEntry("status", "OUTCOME_UNKNOWN")
                .containsEntry("resent", false);

        // the second send's outcome is unknown too, and its window closes: it stands
        jdbc.update("UPDATE campaign_contact SET status = 'OUTCOME_UNKNOWN', contacted_at = now() - interval '49 hours'"
                + " WHERE campaign_id = ? AND msisdn = ?", c, f.m(1));
        correlator.correlate();
        assertThat(contact(c, f.m(1))).containsEntry("status", "OUTCOME_UNKNOWN").containsEntry("resent", true);
    }

    @Test
    void aCampaignThatHasEndedSendsNothingAgain() {
        String c = campaign(Duration.ofDays(3), null);
        jdbc.update("UPDATE campaign SET end_at = now() - interval '1 minute' WHERE id = ?", c);
        unresolved(c, f.m(1), Duration.ofHours(49), 1);
        correlator.correlate();
        assertThat(contact(c, f.m(1))).containsEntry("status", "OUTCOME_UNKNOWN").containsEntry("resent", false);
    }
}

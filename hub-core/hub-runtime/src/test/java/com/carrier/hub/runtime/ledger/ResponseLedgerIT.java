package com.carrier.hub.runtime.ledger;

import static com.carrier.hub.runtime.ledger.LedgerFixtures.click;
import static com.carrier.hub.runtime.ledger.LedgerFixtures.receipt;
import static com.carrier.hub.runtime.ledger.LedgerFixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.carrier.hub.runtime.evaluation.EvaluationScheduler;
import com.carrier.hub.runtime.evaluation.EvaluationService;
import com.carrier.hub.runtime.evaluation.Lift;

/**
 * The response ledger and evaluation against the real database and the real response-event store: each event and
 * order is correlated to the contact it answers or kept with its reason, once, and the evaluation counts only what
 * is attributed. One test per bad input of issue 7.
 */
class ResponseLedgerIT extends HubIT {

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
    EvaluationScheduler scheduler;

    LedgerFixtures f;

    @BeforeEach
    void fixtures() {
        f = new LedgerFixtures(jdbc);
    }

    private Evaluation eval(String campaign) {
        return evaluations.evaluation(campaign).orElseThrow();
    }

    @Test
    void receiptStoredBeforeItsContactRowIsKeptUnmatchedAndMatchedOnALaterPass() {
        String c = f.campaign("P1", DAY, DAY, 7, "RUNNING", false);
        String id = "9" + f.prefix.substring(3) + "0001";
        sink.append(List.of(receipt(id, null, Duration.ofSeconds(1))));
        correlator.correlate();
        assertThat(f.outcomeOfEvent("sms", "dlr:" + id + ":DELIVRD")).isEqualTo("UNMATCHED");

        f.sent(c, f.m(1), "S1", "SMS", Duration.ofSeconds(5), id);
        correlator.correlate();
        assertThat(f.outcomeOfEvent("sms", "dlr:" + id + ":DELIVRD")).isEqualTo("ATTRIBUTED");
        assertThat(eval(c).total().delivered()).isEqualTo(1);
    }

    @Test
    void anEventWhoseTransactionCommitsAfterALaterOneIsStillCorrelated() throws Exception {
        String c = f.campaign("P1", DAY, DAY, 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "PORTAL", Duration.ofHours(2));
        f.sent(c, f.m(2), "S1", "PORTAL", Duration.ofHours(2));
        var slow = click(c, f.m(1), Instant.now().minusSeconds(60));
        var fast = click(c, f.m(2), Instant.now().minusSeconds(60));
        try (java.sql.Connection tx = jdbc.getDataSource().getConnection()) {
            tx.setAutoCommit(false);
            try (var ps = tx.prepareStatement("INSERT INTO response_event (source, event_id, channel, type, msisdn,"
                    + " campaign_id, ref, event_time) VALUES ('portal', ?, 'PORTAL', 'CLICKED', ?, ?, 'offer-1', now())")) {
                ps.setString(1, slow.eventId());
                ps.setString(2, f.m(1));
                ps.setString(3, c);
                ps.executeUpdate(); // takes its id now, visible only at commit
            }
            sink.append(List.of(fast)); // a later id, committed first
            correlator.correlate();
            assertThat(f.outcomeOfEvent("portal", fast.eventId())).isEqualTo("ATTRIBUTED");
            tx.commit();
        }
        correlator.correlate();
        assertThat(f.outcomeOfEvent("portal", slow.eventId())).isEqualTo("ATTRIBUTED");
        assertThat(eval(c).total().responded()).isEqualTo(2);
    }

    @Test
    void aResponseWhileItsContactIsInTheTouchpointsHandsCountsAndOneBeforeItIsHandedOverIsEarly() {
        String c = f.campaign("P1", DAY, DAY, 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "KIOSK", null);
        f.sent(c, f.m(2), "S1", "KIOSK", null);
        // m(2) was handed to its touchpoint a second ago, whose peer answers before the hub stores the outcome
        jdbc.update("UPDATE campaign_contact SET status = 'SUBMITTING', updated_at = now() - interval '1 second'"
                + " WHERE campaign_id = ? AND msisdn = ?", c, f.m(2));
        var pending = new ResponseEvent("kiosk", "k:" + f.prefix + ":1", "KIOSK", ResponseEvent.Type.CLICKED, f.m(1), c, "t1",
                Instant.now(), null);
        var submitting = new ResponseEvent("kiosk", "k:" + f.prefix + ":2", "KIOSK", ResponseEvent.Type.CLICKED, f.m(2), c, "t2",
                Instant.now(), null);
        sink.append(List.of(pending, submitting));
        correlator.correlate();
        jdbc.update("UPDATE campaign_contact SET status = 'SENT', contacted_at = now() WHERE campaign_id = ? AND msisdn = ?", c, f.m(2));

        assertThat(f.outcomeOfEvent("kiosk", submitting.eventId())).isEqualTo("ATTRIBUTED");
        assertThat(f.outcomeOfEvent("kiosk", pending.eventId())).as("its contact was not handed over yet").isEqualTo("EARLY");
        assertThat(eval(c).total().responded()).isEqualTo(1);
    }

    @Test
    void theSameEventTwiceCountsOnceAndPassesAreIdempotent() {
        String c = f.campaign("P1", DAY, DAY, 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ofHours(1), "m-" + f.prefix + "-1");
        sink.append(List.of(receipt("m-" + f.prefix + "-1", f.m(1), Duration.ofMinutes(59))));
        sink.append(List.of(receipt("m-" + f.prefix + "-1", f.m(1), Duration.ofMinutes(59))));
        correlator.correlate();
        correlator.correlate();
        Long rows = jdbc.queryForObject("SELECT count(*) FROM response_attribution WHERE campaign_id = ?", Long.class, c);
        assertThat(rows).isEqualTo(1);
        assertThat(eval(c).total().delivered()).isEqualTo(1);
    }

    @Test
    void anEventAfterTheResponseWindowIsRecordedButNotAttributed() {
        String c = f.campaign("P1", Duration.ofDays(20), DAY, 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "PORTAL", Duration.ofDays(10));
        f.sent(c, f.m(2), "S1", "PORTAL", Duration.ofDays(2));
        sink.append(List.of(click(c, f.m(1), Instant.now().minus(DAY)), click(c, f.m(2), Instant.now().minus(DAY))));
        f.order("O-" + f.prefix + "-1", f.m(1), "P1", DAY, 1);
        correlator.correlate();

        Evaluation e = eval(c);
        assertThat(e.total().responded()).isEqualTo(1);
        assertThat(e.total().orderedTreatment()).isZero();
        assertThat(e.notAttributed()).containsEntry("LATE", 2L);
        assertThat(f.outcomeOfOrder("O-" + f.prefix + "-1")).isEqualTo("LATE");
    }

    @Test
    void anOrderOfAnotherProductIsRecordedButNotAConversion() {
        String c = f.campaign("P1", DAY, DAY, 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ofHours(5));
        f.order("O-" + f.prefix + "-x", f.m(1), "P-OTHER", Duration.ofHours(1), 1);
        f.order("O-" + f.prefix + "-y", f.m(9), "P1", Duration.ofHours(1), 1); // nobody's contact: unmatched
        correlator.correlate();
        Instant before = Instant.now();
        correlator.correlate(); // no new response event: a pass all the same
        com.fasterxml.jackson.databind.JsonNode ledger = as("viewer").getForObject("/api/ledger",
                com.fasterxml.jackson.databind.JsonNode.class);
        assertThat(OffsetDateTime.parse(ledger.get("lastPassAt").asText()).toInstant())
                .as("a pass that read only orders still counts as a pass").isAfterOrEqualTo(before);
        assertThat(ledger.at("/byOutcome/UNMATCHED").asLong()).isPositive();
        assertThat(ledger.at("/byOutcome/OTHER_PRODUCT").asLong()).isPositive();
        assertThat(ledger.get("eventsNotYetCorrelated").asLong()).isZero();
        assertThat(f.outcomeOfOrder("O-" + f.prefix + "-x")).isEqualTo("OTHER_PRODUCT");
        assertThat(f.outcomeOfOrder("O-" + f.prefix + "-y")).isEqualTo("UNMATCHED");
        assertThat(eval(c).total().orderedTreatment()).isZero();
    }

    @Test
    void duplicateOrdersCountTheCustomerOnceAndACancelledOrderNotAtAll() {
        String c = f.campaign("P1", DAY, DAY, 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ofHours(5));
        f.sent(c, f.m(2), "S1", "SMS", Duration.ofHours(5));
        f.order("O-" + f.prefix + "-1", f.m(1), "P1", Duration.ofHours(2), 1);
        f.order("O-" + f.prefix + "-1", f.m(1), "P1", Duration.ofHours(2), 1); // the same order again
        f.order("O-" + f.prefix + "-2", f.m(1), "P1", Duration.ofHours(1), 1); // a second order of the same customer
        f.order("O-" + f.prefix + "-3", f.m(2), "P1", Duration.ofHours(1), 1);
        correlator.correlate();
        f.order("O-" + f.prefix + "-3", f.m(2), "P1", Duration.ofHours(1), 0); // cancelled later
        correlator.correlate();
        assertThat(eval(c).total().orderedTreatment()).isEqualTo(1);
        Long rows = jdbc.queryForObject("SELECT count(*) FROM response_attribution WHERE campaign_id = ? AND outcome = 'ATTRIBUTED'",
                Long.class, c);
        assertThat(rows).isEqualTo(3);
    }

    @Test
    void eventTimesInTheFutureAreRecordedButNotAttributed() {
        String c = f.campaign("P1", DAY, DAY, 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "PORTAL", Duration.ofHours(5));
        var future = click(c, f.m(1), Instant.now().plus(Duration.ofDays(2)));
        sink.append(List.of(future));
        f.order("O-" + f.prefix + "-f", f.m(1), "P1", Duration.ofDays(-3), 1);
        correlator.correlate();
        assertThat(f.outcomeOfEvent("portal", future.eventId())).isEqualTo("FUTURE");
        assertThat(f.outcomeOfOrder("O-" + f.prefix + "-f")).isEqualTo("FUTURE");
        Evaluation e = eval(c);
        assertThat(e.total().responded()).isZero();
        assertThat(e.total().orderedTreatment()).isZero();
        assertThat(e.notAttributed()).containsEntry("FUTURE", 2L);
    }

    @Test
    void anEmptyControlGroupReportsLiftAsNotMeasurableNeverNaN() {
        String c = f.campaign("P1", DAY, DAY, 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ofHours(5));
        f.order("O-" + f.prefix + "-1", f.m(1), "P1", Duration.ofHours(1), 1);
        correlator.correlate();
        Evaluation e = eval(c);
        assertThat(e.total().conversionTreatment()).isEqualTo(1.0);
        assertThat(e.total().conversionControl()).isNull();
        assertThat(e.total().lift().absolute()).isNull();
        assertThat(e.total().lift().pValue()).isNull();
        assertThat(e.total().lift().notMeasurable()).isEqualTo("control group is empty");

        ResponseEntity<String> json = as("viewer").getForEntity("/api/campaigns/" + c + "/evaluation", String.class);
        assertThat(json.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.getHeaders().getContentType().toString()).startsWith("application/json");
        assertThat(json.getBody()).doesNotContain("NaN").contains("\"notMeasurable\":\"control group is empty\"");
    }

    @Test
    void controlCustomersOrdersAfterListAcceptanceCountAndLiftIsTested() {
        String c = f.campaign("P1", Duration.ofDays(2), DAY, 7, "RUNNING", false);
        // treatment: 30 of 100 order; control: 10 of 100 order after the list was accepted
        for (int i = 0; i < 100; i++) {
            f.sent(c, f.m(i), i < 50 ? "S1" : "S2", "SMS", Duration.ofHours(10));
            if (i < 30) {
                f.order("O-" + f.prefix + "-t" + i, f.m(i), "P1", Duration.ofHours(2), 1);
            }
            f.control(c, f.m(1000 + i), "S1", Duration.ofHours(20));
            if (i < 10) {
                f.order("O-" + f.prefix + "-c" + i, f.m(1000 + i), "P1", Duration.ofHours(2), 1);
            }
        }
        f.order("O-" + f.prefix + "-c-before", f.m(1099), "P1", Duration.ofHours(30), 1); // before list acceptance
        f.excluded(c, f.m(2000), "S1", "BLACKLIST");
        correlator.correlate();

        Evaluation e = eval(c);
        assertThat(e.total().treatment()).isEqualTo(100);
        assertThat(e.total().control()).isEqualTo(100);
        assertThat(e.total().excluded()).isEqualTo(1);
        assertThat(e.total().targeted()).isEqualTo(201);
        assertThat(e.excludedByCode()).containsEntry("BLACKLIST", 1L);
        assertThat(e.total().orderedTreatment()).isEqualTo(30);
        assertThat(e.total().orderedControl()).isEqualTo(10);
        Lift l = e.total().lift();
        assertThat(l.absolute()).isCloseTo(0.20, within(1e-12));
        assertThat(l.relative()).isCloseTo(2.0, within(1e-12));
        // pooled p = 0.2, se = sqrt(0.2*0.8*(2/100)) = 0.0565685; z = 3.5355339; p = 2*Phi(-z) = 4.0695e-4
        assertThat(l.z()).isCloseTo(3.5355339, within(1e-6));
        assertThat(l.pValue()).isCloseTo(4.0695e-4, within(1e-7));
        // Wald: se = sqrt(.3*.7/100 + .1*.9/100) = 0.0547723; 0.2 -/+ 1.959964 * se
        assertThat(l.ciLow()).isCloseTo(0.2 - 1.959964 * 0.0547723, within(1e-5));
        assertThat(l.ciHigh()).isCloseTo(0.2 + 1.959964 * 0.0547723, within(1e-5));
        assertThat(e.breakdown()).extracting(Evaluation.Funnel::segment).contains("S1", "S2");
        Evaluation.TargetProgress ordered = e.targets().stream().filter(t -> t.metric().equals("ORDERED")).findFirst().orElseThrow();
        assertThat(ordered.value()).isEqualTo(30);
        assertThat(ordered.projected()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void repliesGoToTheCustomersLatestSmsContactAndAnAcceptKeywordIsMarked() {
        String c = f.campaign("P1", DAY, DAY, 7, "RUNNING", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ofHours(3));
        var accept = reply(f.m(1), " y ", Duration.ofHours(1));
        sink.append(List.of(accept));
        correlator.correlate();
        assertThat(f.outcomeOfEvent("sms", accept.eventId())).isEqualTo("ATTRIBUTED");
        Boolean accepted = jdbc.queryForObject("SELECT a.accepted FROM response_attribution a JOIN response_event e"
                + " ON e.id = a.event_id WHERE e.event_id = ?", Boolean.class, accept.eventId());
        assertThat(accepted).isTrue();
        assertThat(eval(c).total().responded()).isEqualTo(1);
    }

    @Test
    void aCampaignInsideItsResponseWindowIsEvaluatedWhenAskedAndLeftAloneByTheScheduler() {
        // ended two days ago, a seven-day window: still open, so still counting responses
        String c = f.campaign("P1", Duration.ofDays(10), Duration.ofDays(-2), 7, "COMPLETED", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ofDays(5));
        assertThat(scheduler.refresh()).doesNotContain(c);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_evaluation WHERE campaign_id = ?", Long.class, c))
                .as("no scan of its contacts stored").isZero();

        f.order("O-" + f.prefix + "-1", f.m(1), "P1", Duration.ofDays(1), 1);
        correlator.correlate();
        Evaluation e = eval(c);
        assertThat(e.frozen()).isFalse();
        assertThat(e.total().sent()).isEqualTo(1);
        assertThat(e.total().orderedTreatment()).as("computed when asked, with the latest responses").isEqualTo(1);
    }

    @Test
    void aCampaignThatCannotBeEvaluatedDoesNotStopTheOthersBeingFrozen() {
        String broken = f.brokenCampaign();
        String c = f.campaign("P1", Duration.ofDays(30), Duration.ofDays(-20), 7, "COMPLETED", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ofDays(25));

        assertThat(scheduler.refresh()).contains(c).doesNotContain(broken);
        assertThat(eval(c).frozen()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_evaluation WHERE campaign_id = ?", Long.class,
                broken)).isZero();
    }

    @Test
    void evaluationIsServedAsCsvAndFrozenWhenTheWindowHasClosed() {
        String c = f.campaign("P1", Duration.ofDays(30), Duration.ofDays(-20), 7, "COMPLETED", false);
        f.sent(c, f.m(1), "S1", "SMS", Duration.ofDays(25));
        f.control(c, f.m(2), "S1", Duration.ofDays(26));
        f.order("O-" + f.prefix + "-1", f.m(1), "P1", Duration.ofDays(24), 1);
        assertThat(scheduler.refresh()).contains(c);
        assertThat(eval(c).frozen()).isTrue();
        assertThat(eval(c).total().orderedTreatment()).isEqualTo(1);

        // a late-arriving order within the (closed) window no longer changes the frozen evaluation
        f.sent(c, f.m(3), "S1", "SMS", Duration.ofDays(25));
        f.order("O-" + f.prefix + "-3", f.m(3), "P1", Duration.ofDays(24), 1);
        assertThat(scheduler.refresh()).doesNotContain(c);
        assertThat(eval(c).total().orderedTreatment()).isEqualTo(1);

        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.ACCEPT, "text/csv");
        ResponseEntity<String> csv = as("viewer").exchange("/api/campaigns/" + c + "/evaluation", HttpMethod.GET,
                new HttpEntity<>(h), String.class);
        assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
        String[] lines = csv.getBody().split("\n");
        assertThat(lines[0]).startsWith("campaign_id,channel,segment,targeted,excluded,treatment,control");
        assertThat(lines[lines.length - 1]).startsWith(c + ",ALL,ALL,2,0,1,1,1,0,1,1,0,1.00000,0.00000,1.00000,,"); // the order is also a response

        ResponseEntity<String> byParam = as("viewer").getForEntity("/api/campaigns/" + c + "/evaluation?format=csv", String.class);
        assertThat(byParam.getBody()).isEqualTo(csv.getBody());
        assertThat(as("viewer").getForEntity("/api/campaigns/NOPE-1/evaluation", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}

package com.carrier.hub.runtime.ledger;

import static com.carrier.hub.runtime.ledger.LedgerFixtures.click;
import static com.carrier.hub.runtime.ledger.LedgerFixtures.receipt;
import static com.carrier.hub.runtime.ledger.LedgerFixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.carrier.hub.runtime.evaluation.EvaluationService;

/**
 * The evaluation's single-scan funnel (issue 7 performance) gives exactly what the straightforward queries it
 * replaced give: the funnel per channel × segment from campaign_contact joined to the per-MSISDN ledger, completed
 * orders joined to boss_order, and the exclusions and not-attributed rows counted by their own queries — on a
 * campaign with every status, several responses per customer, cancelled and duplicate orders, late events and
 * list rows refused before the policy.
 */
class EvaluationQueryIT extends HubIT {

    /** The funnel query as it was before the single scan, kept as the reference. */
    private static final String REFERENCE_FUNNEL = """
            WITH o AS (
              SELECT DISTINCT a.msisdn FROM response_attribution a JOIN boss_order b ON b.order_id = a.order_id
               WHERE a.campaign_id = ? AND a.outcome = 'ATTRIBUTED' AND a.order_id IS NOT NULL AND b.status = 1),
            r AS (
              SELECT a.msisdn,
                     bool_or(a.type = 'DELIVERED') AS delivered,
                     bool_or(a.type IN ('REPLIED', 'CLICKED', 'DOWNLOADED', 'INSTALLED', 'ORDERED')) AS responded,
                     bool_or(o.msisdn IS NOT NULL) AS ordered
                FROM response_attribution a LEFT JOIN o ON o.msisdn = a.msisdn
               WHERE a.campaign_id = ? AND a.outcome = 'ATTRIBUTED'
               GROUP BY a.msisdn)
            SELECT coalesce(c.channel, '-'), coalesce(c.segment, '-'),
                   count(*),
                   count(*) FILTER (WHERE c.status = 'EXCLUDED'),
                   count(*) FILTER (WHERE c.status NOT IN ('EXCLUDED', 'CONTROL')),
                   count(*) FILTER (WHERE c.status = 'CONTROL'),
                   count(*) FILTER (WHERE c.status = 'SENT'),
                   count(*) FILTER (WHERE c.status = 'OUTCOME_UNKNOWN'),
                   count(*) FILTER (WHERE r.delivered AND c.status NOT IN ('EXCLUDED', 'CONTROL', 'OUTCOME_UNKNOWN')),
                   count(*) FILTER (WHERE r.responded AND c.status NOT IN ('EXCLUDED', 'CONTROL')),
                   count(*) FILTER (WHERE r.ordered AND c.status NOT IN ('EXCLUDED', 'CONTROL')),
                   count(*) FILTER (WHERE r.ordered AND c.status = 'CONTROL')
              FROM campaign_contact c LEFT JOIN r ON r.msisdn = c.msisdn
             WHERE c.campaign_id = ?
             GROUP BY 1, 2""";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResponseEventSink sink;
    @Autowired
    ResponseCorrelator correlator;
    @Autowired
    EvaluationService evaluations;
    @Autowired
    CampaignRepository campaigns;

    @Test
    void theSingleScanFunnelEqualsTheReferenceQueries() {
        LedgerFixtures f = new LedgerFixtures(jdbc);
        String c = f.campaign("P1", Duration.ofDays(2), Duration.ofDays(2), 7, "RUNNING", false);
        Duration sent = Duration.ofHours(20);
        List<ResponseEvent> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String m = f.m(i);
            String segment = "S" + (i % 3);
            switch (i % 10) {
                case 0, 1 -> f.control(c, m, segment, Duration.ofDays(1));
                case 2 -> f.excluded(c, m, segment, i % 20 == 2 ? "BLACKLIST" : "CHANNEL_OPTOUT");
                case 3 -> f.sent(c, m, segment, "PORTAL", sent);
                case 4 -> f.sent(c, m, segment, "SMS", null);
                default -> f.sent(c, m, segment, "SMS", sent, "id" + m);
            }
            if (i % 10 == 6) {
                jdbc.update("UPDATE campaign_contact SET status = 'OUTCOME_UNKNOWN' WHERE campaign_id = ? AND msisdn = ?", c, m);
            } else if (i % 10 == 7 && i > 30) {
                jdbc.update("UPDATE campaign_contact SET status = 'FAILED' WHERE campaign_id = ? AND msisdn = ?", c, m);
            }
            if (i % 10 >= 5) {
                events.add(receipt("id" + m, null, Duration.ofHours(19)));
                if (i % 3 == 0) {
                    events.add(reply(m, "Y", Duration.ofHours(18)));
                    events.add(reply(m, "how much?", Duration.ofHours(17)));
                }
            }
            if (i % 10 == 3 || i % 10 == 2) {
                events.add(click(c, m, Instant.now().minus(Duration.ofHours(i % 4 == 0 ? 10 : 18))));
            }
            if (i % 10 == 0 && i % 20 == 0) {
                events.add(click(c, m, Instant.now().minus(Duration.ofHours(5))));
            }
            if (i % 4 == 1) {
                f.order("O" + m, m, "P1", Duration.ofHours(3), i % 8 == 1 ? 0 : 1);
                if (i % 12 == 1) {
                    f.order("O2" + m, m, "P1", Duration.ofHours(2), 1);
                }
            }
            if (i % 7 == 5) {
                f.order("X" + m, m, "P2", Duration.ofHours(3), 1);
            }
        }
        jdbc.update("""
                INSERT INTO campaign_target (campaign_id, list_id, line_no, msisdn, segment, code)
                VALUES (?, 'L1', 1, 'bad', 'S1', 'BAD_MSISDN'), (?, 'L1', 2, ?, NULL, 'DUPLICATE'), (?, 'L1', 3, ?, 'S1', NULL)""",
                c, c, f.m(5), c, f.m(6));
        sink.append(events);
        correlator.correlate();
        // an order cancelled after it was attributed un-converts its customer
        f.order("O" + f.m(5), f.m(5), "P1", Duration.ofHours(3), 0);

        Evaluation e = evaluations.compute(campaigns.find(c).orElseThrow(), Instant.now());

        Map<String, List<Long>> reference = new TreeMap<>();
        jdbc.query(REFERENCE_FUNNEL, rs -> {
            List<Long> counts = new ArrayList<>();
            for (int k = 3; k <= 12; k++) {
                counts.add(rs.getLong(k));
            }
            reference.put(rs.getString(1) + "/" + rs.getString(2), counts);
        }, c, c, c);
        jdbc.query("SELECT coalesce(segment, '-'), count(*) FROM campaign_target WHERE campaign_id = ? AND code IS NOT NULL"
                + " GROUP BY 1", rs -> {
                    long n = rs.getLong(2);
                    reference.merge("-/" + rs.getString(1), List.of(n, n, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), (a, b) -> {
                        List<Long> sum = new ArrayList<>();
                        for (int k = 0; k < a.size(); k++) {
                            sum.add(a.get(k) + b.get(k));
                        }
                        return sum;
                    });
                }, c);
        Map<String, List<Long>> computed = new TreeMap<>();
        for (Evaluation.Funnel r : e.breakdown()) {
            computed.put(r.channel() + "/" + r.segment(), List.of(r.targeted(), r.excluded(), r.treatment(), r.control(),
                    r.sent(), r.outcomeUnknown(), r.delivered(), r.responded(), r.orderedTreatment(), r.orderedControl()));
        }
        assertThat(computed).isEqualTo(reference);
        assertThat(e.total().orderedTreatment()).isPositive();
        assertThat(e.total().orderedControl()).isPositive();
        assertThat(e.total().responded()).isPositive();

        Map<String, Long> excluded = new TreeMap<>();
        jdbc.query("SELECT code, count(*) FROM campaign_target WHERE campaign_id = ? AND code IS NOT NULL GROUP BY 1",
                rs -> {
                    excluded.merge(rs.getString(1), rs.getLong(2), Long::sum);
                }, c);
        jdbc.query("SELECT reason, count(*) FROM campaign_contact WHERE campaign_id = ? AND status = 'EXCLUDED' GROUP BY 1",
                rs -> {
                    excluded.merge(String.valueOf(rs.getString(1)), rs.getLong(2), Long::sum);
                }, c);
        assertThat(e.excludedByCode()).isEqualTo(excluded).containsKeys("BLACKLIST", "CHANNEL_OPTOUT", "BAD_MSISDN");

        Map<String, Long> notAttributed = new TreeMap<>();
        jdbc.query("SELECT outcome, count(*) FROM response_attribution WHERE campaign_id = ? AND outcome <> 'ATTRIBUTED'"
                + " GROUP BY 1", rs -> {
                    notAttributed.put(rs.getString(1), rs.getLong(2));
                }, c);
        assertThat(e.notAttributed()).isEqualTo(notAttributed).isNotEmpty();
    }
}

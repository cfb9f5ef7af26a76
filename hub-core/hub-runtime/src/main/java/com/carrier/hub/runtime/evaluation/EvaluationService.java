package com.carrier.hub.runtime.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Computes campaign evaluations from the contact history and the response ledger, in one aggregate query per
 * campaign; serves a frozen evaluation as it was stored when the response window closed.
 */
@Service
public class EvaluationService {

    private static final String FUNNEL = """
            WITH o AS (
              -- completed orders only: a cancellation (status 0) later un-converts the customer
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
                   count(*) FILTER (WHERE c.status IN ('SENT', 'OUTCOME_UNKNOWN')),
                   count(*) FILTER (WHERE r.delivered AND c.status NOT IN ('EXCLUDED', 'CONTROL')),
                   count(*) FILTER (WHERE r.responded AND c.status NOT IN ('EXCLUDED', 'CONTROL')),
                   count(*) FILTER (WHERE r.ordered AND c.status NOT IN ('EXCLUDED', 'CONTROL')),
                   count(*) FILTER (WHERE r.ordered AND c.status = 'CONTROL')
              FROM campaign_contact c LEFT JOIN r ON r.msisdn = c.msisdn
             WHERE c.campaign_id = ?
             GROUP BY 1, 2""";

    private final JdbcTemplate jdbc;
    private final CampaignRepository campaigns;
    private final ObjectMapper json;

    public EvaluationService(JdbcTemplate jdbc, CampaignRepository campaigns, ObjectMapper json) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.json = json;
    }

    /** The campaign's evaluation: the frozen one if its window has closed and it was frozen, else computed now. */
    public Optional<Evaluation> evaluation(String campaignId) {
        Optional<Evaluation> frozen = stored(campaignId).filter(Evaluation::frozen);
        if (frozen.isPresent()) {
            return frozen;
        }
        return campaigns.find(campaignId).map(c -> compute(c, Instant.now()));
    }

    /** The stored evaluation (frozen or the last computed by the scheduler), if any. */
    public Optional<Evaluation> stored(String campaignId) {
        return jdbc.query("SELECT body::text FROM campaign_evaluation WHERE campaign_id = ?",
                (rs, i) -> read(rs.getString(1)), campaignId).stream().findFirst();
    }

    /** When the campaign's response window closes: its end plus the window. */
    public static Instant windowClosesAt(CampaignDefinition d) {
        int days = d.responseWindowDays() == null ? CampaignDefinition.DEFAULT_RESPONSE_WINDOW_DAYS : d.responseWindowDays();
        return d.end().toInstant().plus(Duration.ofDays(days));
    }

    /** Computes the evaluation as of {@code now}; {@code frozen} says whether the window has closed by then. */
    public Evaluation compute(Campaign campaign, Instant now) {
        CampaignDefinition d = campaign.definition();
        String id = campaign.id();
        Map<String, Evaluation.Funnel> rows = new TreeMap<>();
        jdbc.query(FUNNEL, rs -> {
            Evaluation.Funnel f = Evaluation.Funnel.of(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                    rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11));
            rows.merge(f.channel() + "\u0000" + f.segment(), f, Evaluation.Funnel::plus);
        }, id, id, id);
        // List rows refused before the contact policy (BAD_MSISDN, DUPLICATE) are targeted and excluded, channel '-'.
        Map<String, Long> excludedByCode = new TreeMap<>();
        jdbc.query("SELECT coalesce(segment, '-'), code, count(*) FROM campaign_target WHERE campaign_id = ? AND code IS NOT NULL"
                + " GROUP BY 1, 2", rs -> {
                    long n = rs.getLong(3);
                    excludedByCode.merge(rs.getString(2), n, Long::sum);
                    Evaluation.Funnel f = Evaluation.Funnel.of("-", rs.getString(1), n, n, 0, 0, 0, 0, 0, 0, 0);
                    rows.merge("-\u0000" + f.segment(), f, Evaluation.Funnel::plus);
                }, id);
        jdbc.query("SELECT reason, count(*) FROM campaign_contact WHERE campaign_id = ? AND status = 'EXCLUDED' GROUP BY 1",
                rs -> {
                    excludedByCode.merge(String.valueOf(rs.getString(1)), rs.getLong(2), Long::sum);
                }, id);
        Map<String, Long> notAttributed = new TreeMap<>();
        jdbc.query("SELECT outcome, count(*) FROM response_attribution WHERE campaign_id = ? AND outcome <> 'ATTRIBUTED' GROUP BY 1",
                rs -> {
                    notAttributed.put(rs.getString(1), rs.getLong(2));
                }, id);
        List<Evaluation.Funnel> breakdown = List.copyOf(rows.values());
        Evaluation.Funnel total = breakdown.stream()
                .reduce(Evaluation.Funnel.of("ALL", "ALL", 0, 0, 0, 0, 0, 0, 0, 0, 0), Evaluation.Funnel::plus);
        Instant closes = windowClosesAt(d);
        return new Evaluation(id, d.type(), d.productId(), campaign.status().name(), now, !now.isBefore(closes), closes,
                total, breakdown, excludedByCode, notAttributed, targets(d, total, now));
    }

    private static List<Evaluation.TargetProgress> targets(CampaignDefinition d, Evaluation.Funnel total, Instant now) {
        List<Evaluation.TargetProgress> out = new ArrayList<>();
        if (d.targets() == null) {
            return out;
        }
        Instant start = d.start().toInstant();
        Instant end = d.end().toInstant();
        for (CampaignDefinition.Target t : d.targets()) {
            if (t.metric() == null || t.value() == null || t.value() <= 0) {
                continue;
            }
            long value = switch (t.metric().toUpperCase()) {
                case "SENT" -> total.sent();
                case "DELIVERED" -> total.delivered();
                case "RESPONDED" -> total.responded();
                case "ORDERED" -> total.orderedTreatment();
                default -> -1;
            };
            if (value < 0) {
                continue;
            }
            long projected;
            if (!now.isBefore(end)) {
                projected = value;
            } else if (!now.isAfter(start)) {
                projected = 0;
            } else {
                double elapsed = Duration.between(start, now).toMillis();
                projected = Math.round(value * (Duration.between(start, end).toMillis() / elapsed));
            }
            out.add(new Evaluation.TargetProgress(t.metric().toUpperCase(), t.value(), value, (double) value / t.value(),
                    projected, projected >= t.value()));
        }
        return out;
    }

    /** Stores the evaluation as the campaign's current one (frozen ones are never overwritten). */
    public void store(Evaluation e) {
        jdbc.update("""
                INSERT INTO campaign_evaluation (campaign_id, computed_at, frozen, body) VALUES (?, ?, ?, ?::jsonb)
                ON CONFLICT (campaign_id) DO UPDATE SET computed_at = EXCLUDED.computed_at, frozen = EXCLUDED.frozen,
                       body = EXCLUDED.body
                 WHERE NOT campaign_evaluation.frozen""",
                e.campaignId(), java.sql.Timestamp.from(e.computedAt()), e.frozen(), write(e));
    }

    private Evaluation read(String body) {
        try {
            return json.readValue(body, Evaluation.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored evaluation is unreadable: " + ex.getOriginalMessage(), ex);
        }
    }

    private String write(Evaluation e) {
        try {
            return json.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("evaluation of " + e.campaignId() + " cannot be written: " + ex.getMessage(), ex);
        }
    }
}

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
import com.carrier.hub.runtime.campaign.ContactStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Computes campaign evaluations from the contact history and the response ledger, in one aggregate query per
 * campaign; serves a frozen evaluation as it was stored when the response window closed.
 */
@Service
public class EvaluationService {

    /**
     * The funnel in one scan of the campaign's contacts, grouped by channel, segment, status and exclusion code (a
     * few dozen rows, folded in Java). Delivered and responded are the contact's own flags, kept by the database as the
     * ledger attributes events (V71), so no ledger rows are aggregated here. Conversion counts completed orders only (a
     * cancellation, status 0, later un-converts the customer): each attributed order's status is looked up by its key,
     * so the query reads the campaign's few orders, not the whole order table.
     */
    private static final String FUNNEL = """
            WITH o AS (
              SELECT DISTINCT a.msisdn FROM response_attribution a
               WHERE a.campaign_id = ? AND a.order_id IS NOT NULL AND a.outcome = 'ATTRIBUTED'
                 AND (SELECT b.status FROM boss_order b WHERE b.order_id = a.order_id) = 1)
            SELECT coalesce(c.channel, '-'), coalesce(c.segment, '-'), c.status,
                   CASE WHEN c.status = 'EXCLUDED' THEN coalesce(c.reason, 'null') END,
                   count(*),
                   count(*) FILTER (WHERE c.delivered),
                   count(*) FILTER (WHERE c.responded),
                   count(*) FILTER (WHERE o.msisdn IS NOT NULL)
              FROM campaign_contact c LEFT JOIN o ON o.msisdn = c.msisdn
             WHERE c.campaign_id = ?
             GROUP BY 1, 2, 3, 4""";

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

    /**
     * When the campaign's response window closes: its end plus the window.
     *
     * @throws IllegalArgumentException when the definition has no end (the API and the campaign files refuse such a
     *                                  campaign; only a row written around them can lack it)
     */
    public static Instant windowClosesAt(CampaignDefinition d) {
        if (d.end() == null) {
            throw new IllegalArgumentException("its definition has no end, so its response window cannot be placed");
        }
        int days = d.responseWindowDays() == null ? CampaignDefinition.DEFAULT_RESPONSE_WINDOW_DAYS : d.responseWindowDays();
        return d.end().toInstant().plus(Duration.ofDays(days));
    }

    /** Computes the evaluation as of {@code now}; {@code frozen} says whether the window has closed by then. */
    public Evaluation compute(Campaign campaign, Instant now) {
        CampaignDefinition d = campaign.definition();
        String id = campaign.id();
        Map<String, Evaluation.Funnel> rows = new TreeMap<>();
        Map<String, Long> excludedByCode = new TreeMap<>();
        jdbc.query(FUNNEL, rs -> {
            ContactStatus status = ContactStatus.valueOf(rs.getString(3));
            long n = rs.getLong(5);
            boolean excluded = status == ContactStatus.EXCLUDED;
            boolean control = status == ContactStatus.CONTROL;
            boolean treatment = !excluded && !control;
            if (excluded) {
                excludedByCode.merge(rs.getString(4), n, Long::sum);
            }
            Evaluation.Funnel f = Evaluation.Funnel.of(rs.getString(1), rs.getString(2), n, excluded ? n : 0,
                    treatment ? n : 0, control ? n : 0, status == ContactStatus.SENT ? n : 0, status == ContactStatus.OUTCOME_UNKNOWN ? n : 0,
                    treatment ? rs.getLong(6) : 0, treatment ? rs.getLong(7) : 0, treatment ? rs.getLong(8) : 0,
                    control ? rs.getLong(8) : 0);
            rows.merge(f.channel() + "\u0000" + f.segment(), f, Evaluation.Funnel::plus);
        }, id, id);
        // List rows refused before the contact policy (BAD_MSISDN, DUPLICATE) are targeted and excluded, channel '-'.
        jdbc.query("SELECT coalesce(segment, '-'), code, count(*) FROM campaign_target WHERE campaign_id = ? AND code IS NOT NULL"
                + " GROUP BY 1, 2", rs -> {
                    long n = rs.getLong(3);
                    excludedByCode.merge(rs.getString(2), n, Long::sum);
                    Evaluation.Funnel f = Evaluation.Funnel.of("-", rs.getString(1), n, n, 0, 0, 0, 0, 0, 0, 0, 0);
                    rows.merge("-\u0000" + f.segment(), f, Evaluation.Funnel::plus);
                }, id);
        Map<String, Long> notAttributed = new TreeMap<>();
        jdbc.query("SELECT outcome, count(*) FROM response_attribution WHERE campaign_id = ? AND outcome <> 'ATTRIBUTED' GROUP BY 1",
                rs -> {
                    notAttributed.put(rs.getString(1), rs.getLong(2));
                }, id);
        List<Evaluation.Funnel> breakdown = List.copyOf(rows.values());
        Evaluation.Funnel total = breakdown.stream()
                .reduce(Evaluation.Funnel.of("ALL", "ALL", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Evaluation.Funnel::plus);
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

package com.carrier.hub.runtime.campaign;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where a campaign stands, reconciled: targeted = excluded + control + contacted + outcomeUnknown + failed + pending
 * + deciding (rows of lists still being decided by the contact policy), with the
 * exclusions by code, counts by channel, the rate of the last five minutes and the time left at that rate. A triggered
 * campaign's targets are the customers its events decided (PEERS §7.4); {@code events} counts the events that met its
 * condition by what became of them (TREATMENT, CONTROL, an exclusion code, COOLDOWN, EVENT_EXPIRED).
 */
@Component
public class CampaignProgress {

    /**
     * The figures. {@code contacted} counts SENT only (the peer accepted the contact); {@code outcomeUnknown} the SMS
     * whose acceptance is not known yet, which the response ledger settles as SENT by their receipt or sends again
     * when their receipt window closes; {@code deciding} the rows of DECIDING lists that the policy has not decided
     * yet; {@code events} the matched events of a triggered campaign by outcome (empty for a list campaign).
     */
    public record Progress(long targeted, long excluded, long control, long contacted, long outcomeUnknown, long failed, long pending,
                           long deciding, boolean reconciled, Map<String, Long> excludedByCode, Map<String, Map<String, Long>> byChannel,
                           double ratePerSecond, Duration eta, Map<String, Long> events) {
    }

    private final JdbcTemplate jdbc;

    public CampaignProgress(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Progress of(String campaignId) {
        Map<String, Long> excludedByCode = new TreeMap<>();
        jdbc.query("SELECT code, count(*) FROM campaign_target WHERE campaign_id = ? AND code IS NOT NULL GROUP BY code",
                rs -> {
                    excludedByCode.merge(rs.getString(1), rs.getLong(2), Long::sum);
                }, campaignId);
        long targeted = count("SELECT count(*) FROM campaign_target WHERE campaign_id = ?", campaignId)
                + count("SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND list_id = 'EVENT'", campaignId);
        Map<String, Long> events = new TreeMap<>();
        jdbc.query("SELECT outcome, count(*) FROM trigger_event WHERE campaign_id = ? GROUP BY outcome", rs -> {
            events.put(rs.getString(1), rs.getLong(2));
        }, campaignId);
        Map<ContactStatus, Long> byStatus = new EnumMap<>(ContactStatus.class);
        Map<String, Map<String, Long>> byChannel = new TreeMap<>();
        jdbc.query("SELECT status, reason, coalesce(channel, '-'), count(*) FROM campaign_contact WHERE campaign_id = ?"
                + " GROUP BY status, reason, channel", rs -> {
                    ContactStatus status = ContactStatus.valueOf(rs.getString(1));
                    long n = rs.getLong(4);
                    byStatus.merge(status, n, Long::sum);
                    if (status == ContactStatus.EXCLUDED) {
                        excludedByCode.merge(rs.getString(2), n, Long::sum);
                    } else {
                        byChannel.computeIfAbsent(rs.getString(3), k -> new LinkedHashMap<>()).merge(status.name(), n, Long::sum);
                    }
                }, campaignId);
        long excluded = excludedByCode.values().stream().mapToLong(Long::longValue).sum();
        long control = byStatus.getOrDefault(ContactStatus.CONTROL, 0L);
        long contacted = byStatus.getOrDefault(ContactStatus.SENT, 0L);
        long unknown = byStatus.getOrDefault(ContactStatus.OUTCOME_UNKNOWN, 0L);
        long failed = byStatus.getOrDefault(ContactStatus.FAILED, 0L);
        long pending = byStatus.entrySet().stream().filter(e -> e.getKey().open()).mapToLong(Map.Entry::getValue).sum();
        long deciding = count("""
                SELECT coalesce(sum(l.rows_read
                                    - (SELECT coalesce(sum(s.value::bigint), 0) FROM jsonb_each_text(l.staged) s)
                                    - (SELECT coalesce(sum(p.decided), 0) FROM campaign_list_part p
                                        WHERE p.campaign_id = l.campaign_id AND p.list_id = l.list_id)), 0)
                FROM campaign_list l WHERE l.campaign_id = ? AND l.state = 'DECIDING'""", campaignId);
        // over the last five minutes, or since the first contact of them when the campaign began sending later: a
        // campaign that started 10 s ago is not sending at a thirtieth of its rate
        double[] window = jdbc.query("SELECT count(*), coalesce(extract(epoch FROM now() - min(contacted_at)), 0)"
                + " FROM campaign_contact WHERE campaign_id = ? AND contacted_at >= now() - interval '5 minutes'",
                rs -> {
                    rs.next();
                    return new double[] {rs.getLong(1), rs.getDouble(2)};
                }, campaignId);
        double rate = window[0] == 0 ? 0 : window[0] / Math.max(1, Math.min(RATE_WINDOW_SECONDS, window[1]));
        Duration eta = pending == 0 ? Duration.ZERO : rate > 0 ? Duration.ofSeconds((long) Math.ceil(pending / rate)) : null;
        return new Progress(targeted, excluded, control, contacted, unknown, failed, pending, deciding,
                targeted == excluded + control + contacted + unknown + failed + pending + deciding, excludedByCode, byChannel, rate, eta,
                events);
    }

    /** The rate is of the contacts made in the last five minutes. */
    static final double RATE_WINDOW_SECONDS = 300;

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }
}

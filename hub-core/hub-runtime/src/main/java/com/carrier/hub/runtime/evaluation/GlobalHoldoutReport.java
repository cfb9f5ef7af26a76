package com.carrier.hub.runtime.evaluation;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.campaign.ControlGroup;
import com.carrier.hub.runtime.campaign.GlobalHoldout;

/**
 * The whole programme's lift over a period (issue 21): the customers of the index in the global control group in force
 * then ({@link GlobalHoldout}) against everyone else, and how many of each completed an order of any product (BOSS order
 * files, status 1, PEERS §1.4) in the period — not one campaign's lift, but what all of the marketing together did.
 */
@Component
public class GlobalHoldoutReport {

    /**
     * @param heldOut         customers of the index in the group (none of them contacted by any campaign)
     * @param heldOutOrdering of them, those with a completed order in the period
     * @param others          every other customer of the index
     * @param lift            others against the group (treatment against control), with its interval and p-value
     */
    public record Report(LocalDate from, LocalDate to, double percent, Instant groupSince, long heldOut,
                         long heldOutOrdering, long others, long othersOrdering, Double heldOutRate, Double othersRate,
                         Lift lift) {
    }

    private final JdbcTemplate jdbc;
    private final GlobalHoldout holdout;

    public GlobalHoldoutReport(JdbcTemplate jdbc, GlobalHoldout holdout) {
        this.jdbc = jdbc;
        this.holdout = holdout;
    }

    /** Days in Asia/Shanghai, {@code to} included; the group must have been the same throughout. */
    public Report of(LocalDate from, LocalDate to) {
        GlobalHoldout.Group g = holdout.throughout(from, to);
        Instant start = from.atStartOfDay(HubTime.ZONE).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(HubTime.ZONE).toInstant();
        long[] counts = new long[4];
        // one pass over the index, each customer's bucket computed in the database as the policy computes it in Java
        jdbc.query("SELECT " + ControlGroup.SQL + " AS held, count(*), count(o.msisdn) FROM customer c"
                + " LEFT JOIN (SELECT DISTINCT msisdn FROM boss_order WHERE status = 1 AND order_time >= ? AND order_time < ?) o"
                + " USING (msisdn) WHERE NOT c.deleted GROUP BY 1", rs -> {
                    int at = rs.getBoolean(1) ? 0 : 2;
                    counts[at] = rs.getLong(2);
                    counts[at + 1] = rs.getLong(3);
                }, g.key(), BigDecimal.valueOf(g.percent()), Timestamp.from(start), Timestamp.from(end));
        return new Report(from, to, g.percent(), g.since(), counts[0], counts[1], counts[2], counts[3],
                rate(counts[1], counts[0]), rate(counts[3], counts[2]), Lift.of(counts[3], counts[2], counts[1], counts[0]));
    }

    private static Double rate(long converted, long of) {
        return of == 0 ? null : (double) converted / of;
    }
}

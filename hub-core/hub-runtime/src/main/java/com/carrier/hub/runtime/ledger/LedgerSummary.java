package com.carrier.hub.runtime.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the response ledger holds: rows by outcome (UNMATCHED, LATE, EARLY, FUTURE, OTHER_PRODUCT are kept and counted
 * here), events not correlated yet, skipped ids still looked for, the last pass, and BOSS order requests by status.
 */
@Repository
public class LedgerSummary {

    private final JdbcTemplate jdbc;

    public LedgerSummary(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Object> summary() {
        Map<String, Long> byOutcome = new TreeMap<>();
        jdbc.query("SELECT outcome, count(*) FROM response_attribution GROUP BY 1", rs -> {
            byOutcome.put(rs.getString(1), rs.getLong(2));
        });
        Map<String, Long> orderRequests = new TreeMap<>();
        jdbc.query("SELECT status, count(*) FROM boss_order_request GROUP BY 1", rs -> {
            orderRequests.put(rs.getString(1), rs.getLong(2));
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("byOutcome", byOutcome);
        out.put("eventsNotYetCorrelated", jdbc.queryForObject("""
                SELECT count(*) FROM response_event
                 WHERE id > (SELECT position FROM ledger_watermark WHERE name = 'response_event')""", Long.class));
        out.put("skippedIdsLookedFor", jdbc.queryForObject("SELECT count(*) FROM ledger_gap", Long.class));
        out.put("lastPassAt", jdbc.queryForObject("SELECT nullif(at, '-infinity') FROM ledger_watermark"
                + " WHERE name = 'response_event'", java.time.OffsetDateTime.class)); // null: no pass has run yet
        out.put("bossOrderRequests", orderRequests);
        return out;
    }
}

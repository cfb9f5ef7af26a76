package com.carrier.hub.runtime.touchpoints;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.carrier.hub.api.HubTime;

/** Today's load (Asia/Shanghai) on each touchpoint across every RUNNING campaign, from the campaign contacts. */
@Repository
public class TouchpointLoad {

    /**
     * @param planned contacts pending or deferred that are due before the day ends
     * @param used    contacts made today (what counts against a daily capacity)
     */
    public record Counts(long planned, long used) {
    }

    private final JdbcTemplate jdbc;

    public TouchpointLoad(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Per touchpoint id; a touchpoint with neither planned nor used contacts today is absent. */
    public Map<String, Counts> today() {
        LocalDate today = LocalDate.now(HubTime.ZONE);
        Instant dayStart = today.atStartOfDay(HubTime.ZONE).toInstant();
        Instant dayEnd = today.plusDays(1).atStartOfDay(HubTime.ZONE).toInstant();
        // two index walks (the dispatch index of the running campaigns, the contacted_at index), not one scan of all contacts
        Map<String, Counts> load = new HashMap<>();
        jdbc.query("""
                SELECT cc.channel, count(*) FROM campaign c JOIN campaign_contact cc ON cc.campaign_id = c.id
                 WHERE c.status = 'RUNNING' AND cc.status IN ('PENDING', 'DEFERRED') AND (cc.not_before IS NULL OR cc.not_before < ?)
                 GROUP BY cc.channel""",
                rs -> {
                    load.put(rs.getString(1), new Counts(rs.getLong(2), 0));
                }, Timestamp.from(dayEnd));
        jdbc.query("SELECT channel, count(*) FROM campaign_contact WHERE contacted_at >= ? GROUP BY channel",
                rs -> {
                    long used = rs.getLong(2);
                    load.merge(rs.getString(1), new Counts(0, used), (planned, u) -> new Counts(planned.planned(), used));
                }, Timestamp.from(dayStart));
        return load;
    }
}

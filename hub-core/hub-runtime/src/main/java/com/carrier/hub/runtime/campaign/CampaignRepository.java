package com.carrier.hub.runtime.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.carrier.hub.runtime.events.HubEvents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Campaigns in PostgreSQL: the definition as JSONB beside the columns the engine queries. Every status a campaign takes
 * (created DRAFT, then each transition) is announced as a {@code campaign.status} hub event in the same transaction.
 */
@Repository
public class CampaignRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final HubEvents events;

    public CampaignRepository(JdbcTemplate jdbc, ObjectMapper json, HubEvents events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    /** Inserts a new campaign; false when the id is taken. */
    @Transactional
    public boolean insert(CampaignDefinition d, CampaignStatus status, String actor) {
        int n = jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                      response_window_days, definition, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (id) DO NOTHING""",
                d.id(), d.name(), d.type().toUpperCase(), d.productId(), status.name(), Timestamp.from(d.start().toInstant()),
                Timestamp.from(d.end().toInstant()), d.controlPercent(), d.responseWindowDays(), write(d), actor);
        if (n == 1) {
            event(d.id(), null, status, actor, "created");
        }
        return n == 1;
    }

    /** Replaces the definition if the stored version is still {@code version}; false when someone else changed it. */
    public boolean update(CampaignDefinition d, int version) {
        return jdbc.update("""
                UPDATE campaign SET name = ?, type = ?, product_id = ?, start_at = ?, end_at = ?, control_percent = ?,
                       response_window_days = ?, definition = ?::jsonb, version = version + 1, updated_at = now()
                WHERE id = ? AND version = ?""",
                d.name(), d.type().toUpperCase(), d.productId(), Timestamp.from(d.start().toInstant()),
                Timestamp.from(d.end().toInstant()), d.controlPercent(), d.responseWindowDays(), write(d), d.id(), version) == 1;
    }

    /** Moves the campaign to {@code to} if it is in one of {@code from}; false otherwise. */
    @Transactional
    public boolean transition(String id, Set<CampaignStatus> from, CampaignStatus to, String actor, String note) {
        CampaignStatus current = find(id).map(Campaign::status).orElse(null);
        if (current == null || !from.contains(current)) {
            return false;
        }
        boolean moved = jdbc.update("UPDATE campaign SET status = ?, version = version + 1, updated_at = now()"
                + " WHERE id = ? AND status = ?", to.name(), id, current.name()) == 1;
        if (moved) {
            event(id, current, to, actor, note);
        }
        return moved;
    }

    public Optional<Campaign> find(String id) {
        return jdbc.query("SELECT * FROM campaign WHERE id = ?", this::map, id).stream().findFirst();
    }

    public List<Campaign> list(CampaignStatus status) {
        return status == null
                ? jdbc.query("SELECT * FROM campaign ORDER BY start_at DESC, id", this::map)
                : jdbc.query("SELECT * FROM campaign WHERE status = ? ORDER BY start_at DESC, id", this::map, status.name());
    }

    /**
     * A page of campaigns, newest start first: those whose id or name contains {@code text} (ignoring case), of
     * {@code status} and {@code type} when given.
     */
    public List<Campaign> search(String text, CampaignStatus status, String type, int offset, int limit) {
        Filter f = filter(text, status, type);
        List<Object> args = new java.util.ArrayList<>(f.args());
        args.add(limit);
        args.add(offset);
        return jdbc.query("SELECT * FROM campaign" + f.where() + " ORDER BY start_at DESC, id LIMIT ? OFFSET ?", this::map,
                args.toArray());
    }

    /** How many campaigns {@link #search} finds in all. */
    public long count(String text, CampaignStatus status, String type) {
        Filter f = filter(text, status, type);
        Long n = jdbc.queryForObject("SELECT count(*) FROM campaign" + f.where(), Long.class, f.args().toArray());
        return n == null ? 0 : n;
    }

    private record Filter(String where, List<Object> args) {
    }

    private static Filter filter(String text, CampaignStatus status, String type) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new java.util.ArrayList<>();
        if (text != null && !text.isEmpty()) {
            // the text is matched as given: % and _ in it are not wildcards
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (id ILIKE ? OR name ILIKE ?)");
            args.add(like);
            args.add(like);
        }
        if (status != null) {
            where.append(" AND status = ?");
            args.add(status.name());
        }
        if (type != null) {
            where.append(" AND type = ?");
            args.add(type);
        }
        return new Filter(where.toString(), args);
    }

    private void event(String id, CampaignStatus from, CampaignStatus to, String actor, String note) {
        jdbc.update("INSERT INTO campaign_event (campaign_id, from_status, to_status, actor, note) VALUES (?, ?, ?, ?, ?)",
                id, from == null ? null : from.name(), to.name(), actor, note);
        events.campaignStatus(id);
    }

    private Campaign map(ResultSet rs, int row) throws SQLException {
        try {
            return new Campaign(json.readValue(rs.getString("definition"), CampaignDefinition.class),
                    CampaignStatus.valueOf(rs.getString("status")), rs.getInt("version"),
                    rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("campaign " + rs.getString("id") + ": stored definition is unreadable: " + e.getMessage(), e);
        }
    }

    private String write(CampaignDefinition d) {
        try {
            return json.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("campaign " + d.id() + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}

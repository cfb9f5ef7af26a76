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
        return insert(d, status, actor, null, null);
    }

    /**
     * Inserts a new campaign owned by {@code unit}, numbered by {@code number} (asked only once the id is known to be
     * free, inside this transaction, so a refused or rolled-back insert leaves no gap in the numbers); false when the id
     * is taken.
     */
    @Transactional
    public boolean insert(CampaignDefinition d, CampaignStatus status, String actor, String unit,
                          java.util.function.Supplier<String> number) {
        int n = jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                      response_window_days, definition, created_by, unit_code)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT (id) DO NOTHING""",
                d.id(), d.name(), d.type().toUpperCase(), d.productId(), status.name(), Timestamp.from(d.start().toInstant()),
                Timestamp.from(d.end().toInstant()), d.controlPercent(), d.responseWindowDays(), write(d), actor, unit);
        if (n == 1 && number != null) {
            jdbc.update("UPDATE campaign SET number = ? WHERE id = ?", number.get(), d.id());
        }
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

    /** Locks the campaign's row until the caller's transaction ends. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public void lock(String id) {
        jdbc.queryForList("SELECT id FROM campaign WHERE id = ? FOR UPDATE", String.class, id);
    }

    /** Who created the campaign (the actor of its creation), if it exists. */
    public Optional<String> author(String id) {
        return jdbc.queryForList("SELECT created_by FROM campaign WHERE id = ?", String.class, id).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    public Optional<Campaign> find(String id) {
        return jdbc.query(SELECT + " WHERE c.id = ?", this::map, id).stream().findFirst();
    }

    public List<Campaign> list(CampaignStatus status) {
        return list(status, null);
    }

    /** The campaigns, optionally of one status, owned by one of {@code units} (null: by any unit). */
    public List<Campaign> list(CampaignStatus status, Set<String> units) {
        String where = " WHERE (?::text IS NULL OR c.status = ?) AND (?::text[] IS NULL OR " + OWNER + " = ANY (?::text[]))";
        String s = status == null ? null : status.name();
        String[] u = units == null ? null : units.toArray(String[]::new);
        return jdbc.query(SELECT + where + " ORDER BY c.start_at DESC, c.id", this::map, s, s, u, u);
    }

    /** The unit that owns a campaign: its creator's, or the root unit for a campaign from before units. */
    private static final String OWNER = "coalesce(c.unit_code, (SELECT code FROM org_unit WHERE parent_code IS NULL LIMIT 1))";
    private static final String SELECT = "SELECT c.*, " + OWNER + " AS owner_unit FROM campaign c";

    /**
     * A page of campaigns, newest start first: those whose id or name contains {@code text} (ignoring case), of
     * {@code status} and {@code type} when given, owned by one of {@code units} (null: by any unit).
     */
    public List<Campaign> search(String text, CampaignStatus status, String type, Set<String> units, int offset,
                                 int limit) {
        Filter f = filter(text, status, type, units);
        List<Object> args = new java.util.ArrayList<>(f.args());
        args.add(limit);
        args.add(offset);
        return jdbc.query(SELECT + f.where() + " ORDER BY c.start_at DESC, c.id LIMIT ? OFFSET ?", this::map,
                args.toArray());
    }

    /** How many campaigns {@link #search} finds in all. */
    public long count(String text, CampaignStatus status, String type, Set<String> units) {
        Filter f = filter(text, status, type, units);
        Long n = jdbc.queryForObject("SELECT count(*) FROM campaign c" + f.where(), Long.class, f.args().toArray());
        return n == null ? 0 : n;
    }

    private record Filter(String where, List<Object> args) {
    }

    private static Filter filter(String text, CampaignStatus status, String type, Set<String> units) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new java.util.ArrayList<>();
        if (text != null && !text.isEmpty()) {
            // the text is matched as given: % and _ in it are not wildcards
            String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (c.id ILIKE ? OR c.name ILIKE ?)");
            args.add(like);
            args.add(like);
        }
        if (status != null) {
            where.append(" AND c.status = ?");
            args.add(status.name());
        }
        if (type != null) {
            where.append(" AND c.type = ?");
            args.add(type);
        }
        if (units != null) {
            where.append(" AND " + OWNER + " = ANY (?::text[])");
            args.add(units.toArray(String[]::new));
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
                    rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                    rs.getString("owner_unit"), rs.getString("number"));
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

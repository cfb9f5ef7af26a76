package com.carrier.hub.runtime.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Saved customer groups ({@code customer_group}, {@code customer_group_member}); see {@link CustomerGroupsController}. */
@Repository
public class CustomerGroups {

    private final JdbcTemplate jdbc;

    public CustomerGroups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Saves a new group with its members — the MSISDNs given, or else what the query selects from the customer index
     * now — in one transaction; returns how many members it has, or empty when a group of that id exists.
     */
    @Transactional
    public OptionalLong save(String id, String name, String description, String createdBy, List<String> msisdns,
                             CustomerQuery query) {
        if (jdbc.update("INSERT INTO customer_group (id, name, description, created_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                id, name, description, createdBy) == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(msisdns != null ? addMembers(id, msisdns) : addMembers(id, query));
    }

    private long addMembers(String groupId, List<String> msisdns) {
        long members = 0;
        for (int[] batch : jdbc.batchUpdate("INSERT INTO customer_group_member (group_id, msisdn) VALUES (?, ?) ON CONFLICT DO NOTHING",
                msisdns, 1000, (ps, m) -> {
                    ps.setString(1, groupId);
                    ps.setString(2, m);
                })) {
            for (int n : batch) {
                members += Math.max(n, 0);
            }
        }
        return members;
    }

    private long addMembers(String groupId, CustomerQuery query) {
        CustomerQuery.Sql sql = query.toSql();
        List<Object> args = new ArrayList<>(List.of(groupId));
        args.addAll(sql.parameters());
        return jdbc.update("INSERT INTO customer_group_member (group_id, msisdn) SELECT ?, q.msisdn FROM (" + sql.text() + ") q",
                args.toArray());
    }

    /** A saved group as a choice: its id and name. */
    public record Choice(String id, String name) {
    }

    /** The saved groups by id, at most {@code limit} (the choices of the console's target form). */
    public List<Choice> list(int limit) {
        return jdbc.query("SELECT id, name FROM customer_group ORDER BY id LIMIT ?",
                (rs, i) -> new Choice(rs.getString(1), rs.getString(2)), limit);
    }

    /** The group's id, name, description and number of members. */
    public Optional<Map<String, Object>> find(String id) {
        return jdbc.query("SELECT g.id, g.name, g.description, (SELECT count(*) FROM customer_group_member m WHERE m.group_id = g.id)"
                + " FROM customer_group g WHERE g.id = ?", rs -> {
                    if (!rs.next()) {
                        return Optional.<Map<String, Object>>empty();
                    }
                    return Optional.<Map<String, Object>>of(Map.of("id", rs.getString(1), "name", rs.getString(2),
                            "description", rs.getString(3) == null ? "" : rs.getString(3), "members", rs.getLong(4)));
                }, id);
    }
}

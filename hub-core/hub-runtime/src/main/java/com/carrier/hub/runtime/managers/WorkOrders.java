package com.carrier.hub.runtime.managers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;

/**
 * The account managers' work orders (MANAGER touchpoint): one per campaign and customer, assigned to the customer's
 * manager, OPEN until an outcome closes it. An ACCEPTED or DECLINED outcome is also a response event in the one
 * response store (source {@value #SOURCE}, event id the order's id, channel MANAGER), so the ledger attributes it to
 * the contact and the evaluation counts it as responded.
 */
@Repository
public class WorkOrders {

    /** The response store's source of the managers' outcomes. */
    public static final String SOURCE = "manager";
    /** The channel (touchpoint id) the outcomes come through. */
    public static final String CHANNEL = "MANAGER";

    private static final String COLUMNS = "id, campaign_id, msisdn, cust_name, city_code, manager_id, manager_name, script,"
            + " status, outcome, note, outcome_by, outcome_at, created_at, updated_at";

    /** What a manager reports: whether it closes the order and whether it is the customer's response. */
    public enum Outcome {
        /** The customer takes the offer: a response (ACCEPTED); closes the order. */
        ACCEPTED(true, true),
        /** The customer turns it down: a response all the same (DECLINED); closes the order. */
        DECLINED(true, true),
        /** The customer cannot be reached (number out of service, abroad); closes the order, not a response. */
        UNREACHABLE(false, true),
        /** Nobody answered this time; the order stays OPEN for another try, not a response. */
        NO_ANSWER(false, false),
        /** The customer asked to be called back; the order stays OPEN, not a response. */
        CALL_BACK(false, false);

        private final boolean response;
        private final boolean closes;

        Outcome(boolean response, boolean closes) {
            this.response = response;
            this.closes = closes;
        }

        /** True when the outcome is the customer's answer and goes to the response store. */
        public boolean response() {
            return response;
        }

        /** True when the outcome closes the order (DONE); false for an attempt recorded on an OPEN order. */
        public boolean closes() {
            return closes;
        }
    }

    /** One work order as the API shows it. */
    public record WorkOrder(long id, String campaignId, String msisdn, String customerName, String city, String managerId,
                            String managerName, String script, String status, String outcome, String note,
                            String outcomeBy, Instant outcomeAt, Instant createdAt, Instant updatedAt) {
    }

    /** A page of work orders, newest first; {@code nextBefore} is the {@code before} of the next page, null at the end. */
    public record Page(List<WorkOrder> orders, Long nextBefore) {
    }

    /** A work order to open: the contact, its manager and the script rendered for it. */
    public record NewOrder(String msisdn, String customerName, String city, String managerId, String managerName,
                           String script) {
    }

    private final JdbcTemplate jdbc;
    private final ResponseEventSink responses;

    public WorkOrders(JdbcTemplate jdbc, ResponseEventSink responses) {
        this.jdbc = jdbc;
        this.responses = responses;
    }

    /**
     * Opens the orders of a campaign's contacts; an order that exists (a slice sent again after a crash) is left as it
     * is, so each campaign and customer has one order with its first manager.
     */
    public void open(String campaignId, List<NewOrder> orders) {
        if (orders.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(orders.size());
        for (NewOrder o : orders) {
            rows.add(new Object[] {campaignId, o.msisdn(), o.customerName(), o.city(), o.managerId(), o.managerName(), o.script()});
        }
        jdbc.batchUpdate("INSERT INTO work_order (campaign_id, msisdn, cust_name, city_code, manager_id, manager_name, script)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, msisdn) DO NOTHING", rows);
    }

    /** One order. */
    public Optional<WorkOrder> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM work_order WHERE id = ?", WorkOrders::row, id).stream().findFirst();
    }

    /**
     * Leaves out the orders of confidential campaigns owned by units outside the given ones (README "Governance": a
     * confidential campaign is hidden from units that merely share the MANAGER touchpoint).
     */
    private static final String NOT_HIDDEN = " AND campaign_id NOT IN (SELECT c.id FROM campaign c"
            + " WHERE coalesce((c.definition ->> 'confidential')::boolean, false)"
            + " AND NOT coalesce(c.unit_code, (SELECT code FROM org_unit WHERE parent_code IS NULL LIMIT 1)) = ANY (?::text[]))";

    /** One order, unless its campaign is confidential and owned by a unit outside {@code visibleUnits}. */
    public Optional<WorkOrder> find(long id, java.util.Set<String> visibleUnits) {
        return jdbc.query("SELECT " + COLUMNS + " FROM work_order WHERE id = ?" + NOT_HIDDEN, WorkOrders::row, id,
                visibleUnits.toArray(String[]::new)).stream().findFirst();
    }

    /** {@link #page(String, String, String, Long, int)} without the orders of confidential campaigns of other units. */
    public Page page(String managerId, String status, String campaignId, Long before, int limit,
                     java.util.Set<String> visibleUnits) {
        return page(managerId, status, campaignId, before, limit, visibleUnits.toArray(String[]::new));
    }

    /**
     * Orders newest first (by id), optionally of one manager, one status and one campaign, older than {@code before};
     * at most {@code limit}.
     */
    public Page page(String managerId, String status, String campaignId, Long before, int limit) {
        return page(managerId, status, campaignId, before, limit, (String[]) null);
    }

    private Page page(String managerId, String status, String campaignId, Long before, int limit, String[] visibleUnits) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM work_order WHERE true");
        List<Object> args = new ArrayList<>();
        if (visibleUnits != null) {
            sql.append(NOT_HIDDEN);
            args.add(visibleUnits);
        }
        if (managerId != null) {
            sql.append(" AND manager_id = ?");
            args.add(managerId);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (campaignId != null) {
            sql.append(" AND campaign_id = ?");
            args.add(campaignId);
        }
        if (before != null) {
            sql.append(" AND id < ?");
            args.add(before);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit + 1);
        List<WorkOrder> rows = jdbc.query(sql.toString(), WorkOrders::row, args.toArray());
        if (rows.size() > limit) {
            List<WorkOrder> page = rows.subList(0, limit);
            return new Page(List.copyOf(page), page.get(limit - 1).id());
        }
        return new Page(rows, null);
    }

    /**
     * Records a manager's outcome. On an OPEN order it is stored with its note, author and time (and closes the order
     * when {@link Outcome#closes()}); an ACCEPTED or DECLINED one goes to the response store in the same transaction. On
     * a DONE order the same outcome again changes nothing (a repeated request), a different one is refused.
     *
     * @throws ResponseStatusException 404 for an unknown order, 409 naming the current outcome of a DONE order
     */
    @Transactional
    public WorkOrder recordOutcome(long id, Outcome outcome, String note, String by) {
        Optional<WorkOrder> updated = jdbc.query("""
                UPDATE work_order SET outcome = ?, note = ?, outcome_by = ?, outcome_at = now(), updated_at = now(),
                       status = ? WHERE id = ? AND status = 'OPEN' RETURNING""" + " " + COLUMNS,
                WorkOrders::row, outcome.name(), note, by, outcome.closes() ? "DONE" : "OPEN", id).stream().findFirst();
        if (updated.isPresent()) {
            WorkOrder o = updated.get();
            if (outcome.response()) {
                responses.append(List.of(new ResponseEvent(SOURCE, String.valueOf(o.id()), CHANNEL,
                        ResponseEvent.Type.valueOf(outcome.name()), o.msisdn(), o.campaignId(), String.valueOf(o.id()),
                        o.outcomeAt(), note)));
            }
            return o;
        }
        WorkOrder current = find(id).orElseThrow(() -> notFound(String.valueOf(id)));
        if (!outcome.name().equals(current.outcome())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "work order " + id + " is DONE with outcome "
                    + current.outcome() + " (by " + current.outcomeBy() + " at " + current.outcomeAt() + "); a different"
                    + " outcome (" + outcome + ") cannot replace it");
        }
        return current;
    }

    static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no work order " + id);
    }

    private static WorkOrder row(ResultSet rs, int i) throws SQLException {
        return new WorkOrder(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /**
     * The campaign's work orders as the managers' call list, in CSV (header
     * {@code msisdn,name,city,script,listed_at,manager_id,manager_name,status,outcome}), by city and MSISDN.
     */
    public String callList(String campaignId) {
        StringBuilder csv = new StringBuilder("msisdn,name,city,script,listed_at,manager_id,manager_name,status,outcome\n");
        jdbc.query("SELECT msisdn, cust_name, city_code, script, created_at, manager_id, manager_name, status, outcome"
                        + " FROM work_order WHERE campaign_id = ? ORDER BY city_code, msisdn",
                rs -> {
                    csv.append(rs.getString(1)).append(',').append(csvField(rs.getString(2))).append(',')
                            .append(csvField(rs.getString(3))).append(',').append(csvField(rs.getString(4))).append(',')
                            .append(rs.getTimestamp(5).toInstant()).append(',').append(csvField(rs.getString(6)))
                            .append(',').append(csvField(rs.getString(7))).append(',').append(rs.getString(8))
                            .append(',').append(rs.getString(9) == null ? "" : rs.getString(9)).append('\n');
                }, campaignId);
        return csv.toString();
    }

    private static String csvField(String v) {
        return v == null ? "" : "\"" + v.replace("\"", "\"\"") + "\"";
    }
}

package com.carrier.hub.runtime.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import com.carrier.hub.api.Msisdn;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The audit trail: who did what, when, from which address, with what outcome and, where it applies, the state before
 * and after. It is the one API everything that acts uses:
 * <ul>
 *   <li>every state-changing API request (POST, PUT, PATCH, DELETE under {@code /api/**}, and the console's forms
 *       under {@code /console/**}) by a signed-in user is
 *       recorded by {@link #requestFilter()}, which Spring Security runs after authentication, whether the request
 *       succeeded or was refused (its HTTP status is the outcome); GET requests and the peers' callbacks under
 *       {@code /feedback/**} are not operator actions and are not recorded;</li>
 *   <li>the controller or service handling such a request adds the state before and after with
 *       {@link #change(Object, Object)};</li>
 *   <li>an action that does not come through HTTP is recorded with {@link #record}.</li>
 * </ul>
 * What is stored is masked first: every mobile number ({@link Msisdn#maskAll}) in the path, target, detail and in
 * before/after, which are serialised with the application's ObjectMapper so that {@code @Secret} values are written as
 * {@code ******}. The table is append-only (migration V82's triggers); nothing in the API changes or deletes a row.
 *
 * <p>Failures: an HTTP request's action has already happened (and answered) by the time its row is written, so a row
 * that cannot be written cannot refuse it any more; refusing every request up front because the audit might fail would
 * stop the hub whenever the audit table is unwritable, which a carrier's ops team would notice only as an outage. So a
 * failed write is logged (masked, ERROR) and counted ({@code hub.audit.failures}, for an alert), and the action's own
 * answer goes out unchanged. A {@link #record programmatic record} made inside the caller's database transaction is the
 * exception: there the row belongs to the action, and a failed write fails the transaction (PostgreSQL aborts it
 * anyway), so the action is refused rather than done unaudited.
 */
@Component
public class AuditTrail {

    /** The actor of actions the hub takes by itself (routes imported from the folder at start). */
    public static final String SYSTEM = "system";
    /** The outcome of a programmatic record that was done. */
    public static final String OK = "OK";
    /** The outcome of a programmatic record that was refused. */
    public static final String REFUSED = "REFUSED";

    /** The request attribute holding the current request's before/after. */
    static final String CHANGE = AuditTrail.class.getName() + ".change";

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final int MAX_TEXT = 2000;

    /** One recorded action, as {@code GET /api/audit} shows it. */
    public record Event(long id, Instant at, String actor, List<String> roles, String address, String action,
                       String target, String method, String path, String outcome, JsonNode before, JsonNode after,
                       String detail) {
    }

    /** A page of events, newest first; {@code nextBefore} is the {@code before} of the next page, null at the end. */
    public record Page(List<Event> items, Long nextBefore) {
    }

    /**
     * What to read: each criterion when not null; {@code actionPrefix} matches the start of the action
     * ({@code campaigns.} for every campaign action), {@code from} inclusive, {@code to} exclusive.
     */
    public record Query(String actor, String actionPrefix, String target, Instant from, Instant to, Long before,
                        int limit) {
    }

    /** The state before and after that a handler attached to its request, masked. */
    record Change(JsonNode before, JsonNode after) {
    }

    /** A row to write; texts already masked. */
    record Row(String actor, String roles, String address, String action, String target, String method, String path,
               String outcome, JsonNode before, JsonNode after, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Counter failures;
    private final ErrorAttributes errors;
    private final ObjectProvider<HandlerMapping> handlers;

    public AuditTrail(JdbcTemplate jdbc, ObjectMapper json, MeterRegistry meters, ErrorAttributes errors,
                      @Qualifier("requestMappingHandlerMapping") ObjectProvider<HandlerMapping> handlers) {
        this.jdbc = jdbc;
        this.json = json;
        this.errors = errors;
        this.handlers = handlers;
        this.failures = Counter.builder("hub.audit.failures")
                .description("Audit rows that could not be written (the action itself went ahead; see the log)")
                .register(meters);
    }

    /**
     * Attaches the state before and after to the audit record of the current HTTP request (replacing what an earlier
     * call attached): a campaign's status, a dead letter's state, a list's counts. Either may be null (nothing before a
     * create, nothing after a delete). Both are serialised now, with the application's ObjectMapper, and masked: pass
     * counts rather than lists of numbers. Called outside an HTTP request (a service that both a controller and a
     * route call), it does nothing: the caller that is not an HTTP request records its action with {@link #record}.
     */
    public void change(Object before, Object after) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            LOG.debug("audit: change(before, after) outside an HTTP request, left to the caller's record(...)");
            return;
        }
        request.setAttribute(CHANGE, new Change(tree(before), tree(after)), RequestAttributes.SCOPE_REQUEST);
    }

    /**
     * Records an action that does not come through HTTP, done ({@link #OK}): for example the route lifecycle's
     * {@code record(AuditTrail.SYSTEM, "routes.import", "orders.yaml", null, version, "imported from the routes folder
     * at start")}. Address, method and path stay empty.
     *
     * <p>Inside a database transaction the row is written in it, and a failure to write it is thrown, so the action
     * rolls back rather than happen unaudited. Outside one, a failure is logged and counted
     * ({@code hub.audit.failures}) and the caller goes on.
     *
     * @param actor  who acted: a user name, or {@link #SYSTEM}
     * @param action a stable name, {@code <area>.<verb>}: {@code routes.import}, {@code routes.rollback}
     * @param target what it acted on (a route file, a campaign id), or null
     * @param before the state before (serialised and masked like {@link #change}), or null
     * @param after  the state after, or null
     * @param detail a sentence for the reader, or null
     */
    public void record(String actor, String action, String target, Object before, Object after, String detail) {
        record(actor, action, target, OK, before, after, detail);
    }

    /** As {@link #record(String, String, String, Object, Object, String)}, with the outcome ({@link #OK}, {@link #REFUSED}). */
    public void record(String actor, String action, String target, String outcome, Object before, Object after,
                       String detail) {
        boolean inTransaction = TransactionSynchronizationManager.isActualTransactionActive();
        write(new Row(actor == null ? SYSTEM : actor, null, null, action, mask(target, MAX_TEXT), null, null,
                outcome == null ? OK : outcome, tree(before), tree(after), mask(detail, MAX_TEXT)), inTransaction);
    }

    /**
     * The filter recording state-changing API and console requests; {@code SecurityConfig} and the console's security
     * place it after authentication.
     */
    public OncePerRequestFilter requestFilter() {
        return new AuditRequests(this, handlers, errors);
    }

    /** Events newest first, as {@link Query} says. */
    public Page find(Query query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE true");
        List<Object> args = new ArrayList<>();
        if (query.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(query.actor());
        }
        if (query.actionPrefix() != null) {
            sql.append(" AND starts_with(action, ?)");
            args.add(query.actionPrefix());
        }
        if (query.target() != null) {
            sql.append(" AND target = ?");
            args.add(query.target());
        }
        if (query.from() != null) {
            sql.append(" AND at >= ?");
            args.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND at < ?");
            args.add(Timestamp.from(query.to()));
        }
        if (query.before() != null) {
            sql.append(" AND id < ?");
            args.add(query.before());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(query.limit() + 1);
        List<Event> rows = jdbc.query(sql.toString(), this::event, args.toArray());
        if (rows.size() > query.limit()) {
            List<Event> page = rows.subList(0, query.limit());
            return new Page(List.copyOf(page), page.get(page.size() - 1).id());
        }
        return new Page(rows, null);
    }

    /** Writes a row; a failure is logged and counted, and thrown only when {@code rethrow}. */
    void write(Row row, boolean rethrow) {
        try {
            jdbc.update("INSERT INTO audit_event (actor, roles, address, action, target, method, path, outcome, before,"
                            + " after, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)",
                    row.actor(), row.roles(), row.address(), row.action(), row.target(), row.method(), row.path(),
                    row.outcome(), text(row.before()), text(row.after()), row.detail());
        } catch (RuntimeException e) {
            failures.increment();
            LOG.error("audit: could not record {} by {} on {} (outcome {}): {}: {}", row.action(), row.actor(),
                    row.target(), row.outcome(), e.getClass().getSimpleName(), Msisdn.maskAll(e.getMessage()));
            if (rethrow) {
                throw e;
            }
        }
    }

    /** The value as a JSON tree, every mobile number in it masked; null for null. */
    JsonNode tree(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return masked(value instanceof JsonNode node ? node : json.valueToTree(value));
        } catch (IllegalArgumentException e) {
            // the action is not refused for a value the audit cannot write; the record says so
            return TextNode.valueOf("(not serialisable: " + value.getClass().getSimpleName() + ")");
        }
    }

    /** A copy of the tree with every MSISDN masked: in texts, in field names and as a bare number. */
    static JsonNode masked(JsonNode node) {
        if (node.isTextual()) {
            String masked = Msisdn.maskAll(node.textValue());
            return masked.equals(node.textValue()) ? node : TextNode.valueOf(masked);
        }
        if (node.isIntegralNumber()) {
            String text = node.asText();
            String masked = Msisdn.maskAll(text);
            return masked.equals(text) ? node : TextNode.valueOf(masked);
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
            node.forEach(e -> out.add(masked(e)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                out.set(Msisdn.maskAll(field.getKey()), masked(field.getValue()));
            }
            return out;
        }
        return node;
    }

    /** The text with every mobile number masked and at most {@code max} characters long. */
    static String mask(String text, int max) {
        if (text == null) {
            return null;
        }
        String masked = Msisdn.maskAll(text);
        return masked.length() > max ? masked.substring(0, max - 1) + "…" : masked;
    }

    private String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit: a JSON tree could not be written", e);
        }
    }

    private Event event(ResultSet rs, int row) throws SQLException {
        String roles = rs.getString("roles");
        return new Event(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"),
                roles == null ? null : Arrays.asList(roles.split(",")), rs.getString("address"), rs.getString("action"),
                rs.getString("target"), rs.getString("method"), rs.getString("path"), rs.getString("outcome"),
                read(rs.getString("before")), read(rs.getString("after")), rs.getString("detail"));
    }

    private JsonNode read(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}

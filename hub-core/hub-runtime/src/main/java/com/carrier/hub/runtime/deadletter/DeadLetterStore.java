package com.carrier.hub.runtime.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.PermanentFailure;

/**
 * The durable dead-letter store. The shared route error handling calls {@link #store(Exchange)} with the original
 * message; if the database cannot take it, that call fails and the exchange fails with it, so the consumer does not
 * acknowledge its source and the message is not lost.
 */
@Component("hubDeadLetters")
public class DeadLetterStore {

    /** Exchange property naming the dead letter a replayed exchange came from. */
    public static final String REPLAY_OF = "HubDeadLetterReplayOf";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public DeadLetterStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores the failed exchange (or, for a replay that failed again, updates its dead letter). */
    public void store(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        String type = failure == null ? "unknown" : failure.getClass().getName();
        String reason = failure == null ? "unknown failure" : describe(failure);
        Message in = exchange.getMessage();
        Object rawBody = in.getBody();
        byte[] body = rawBody == null ? null : in.getBody(byte[].class);
        if (rawBody != null && body == null) {
            body = String.valueOf(rawBody).getBytes(StandardCharsets.UTF_8);
        }
        String headers = json.writeValueAsString(simpleHeaders(in.getHeaders()));
        String routeId = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        String from = exchange.getFromEndpoint() == null ? null : exchange.getFromEndpoint().getEndpointBaseUri();
        String failedAt = exchange.getProperty(Exchange.FAILURE_ENDPOINT, String.class);

        Long replayOf = exchange.getProperty(REPLAY_OF, Long.class);
        if (replayOf != null) {
            int updated = jdbc.update("UPDATE dead_letter SET attempts = attempts + 1, last_failed_at = now(), reason = ?,"
                    + " exception_type = ?, failed_endpoint = ? WHERE id = ?", reason, type, failedAt, replayOf);
            if (updated == 1) {
                LOG.warn("route {}: replay of dead letter {} failed again: {}", routeId, replayOf, reason);
                return;
            }
        }
        jdbc.update("INSERT INTO dead_letter (route_id, from_endpoint, failed_endpoint, exception_type, reason, body,"
                        + " body_type, headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)",
                routeId, from, failedAt, type, reason, body, rawBody == null ? null : rawBody.getClass().getName(), headers);
        LOG.warn("route {}: exchange dead-lettered: {}", routeId, reason);
    }

    /**
     * Stores a message a route refused without failing its exchange: one record of a batch that is not fit to handle
     * (a batch source's records are handled, and committed, together), on the caller's transaction, so it is stored
     * exactly when the batch's other records are handled.
     *
     * @param reason what is wrong with it and where it came from (no MSISDN in clear)
     * @param body   the record as received
     */
    public void storeRefused(String routeId, String from, String reason, String body) {
        jdbc.update("INSERT INTO dead_letter (route_id, from_endpoint, exception_type, reason, body, body_type)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", routeId, from, PermanentFailure.class.getName(), Msisdn.maskAll(reason),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), String.class.getName());
        LOG.warn("route {}: record dead-lettered: {}", routeId, Msisdn.maskAll(reason));
    }

    public List<DeadLetter> page(int page, int size) {
        return jdbc.query("SELECT * FROM dead_letter ORDER BY id DESC LIMIT ? OFFSET ?", this::map, size, (long) page * size);
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM dead_letter", Long.class);
        return n == null ? 0 : n;
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query("SELECT * FROM dead_letter WHERE id = ?", this::map, id).stream().findFirst();
    }

    /** The stored original body bytes, for replay. */
    byte[] body(long id) {
        return jdbc.query("SELECT body FROM dead_letter WHERE id = ?", rs -> rs.next() ? rs.getBytes(1) : null, id);
    }

    public boolean delete(long id) {
        return jdbc.update("DELETE FROM dead_letter WHERE id = ?", id) == 1;
    }

    private DeadLetter map(ResultSet rs, int row) throws SQLException {
        byte[] body = rs.getBytes("body");
        String text = null;
        String encoding = null;
        if (body != null) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
                encoding = "utf-8";
            } catch (CharacterCodingException e) {
                text = Base64.getEncoder().encodeToString(body);
                encoding = "base64";
            }
        }
        Map<String, Object> headers;
        try {
            headers = json.readValue(rs.getString("headers"), MAP);
        } catch (JsonProcessingException e) {
            headers = Map.of();
        }
        return new DeadLetter(rs.getLong("id"), rs.getString("route_id"), rs.getString("from_endpoint"),
                rs.getString("failed_endpoint"), rs.getString("exception_type"), rs.getString("reason"), text, encoding,
                rs.getString("body_type"), headers, rs.getInt("attempts"),
                rs.getTimestamp("first_failed_at").toInstant(), rs.getTimestamp("last_failed_at").toInstant());
    }

    private static Map<String, Object> simpleHeaders(Map<String, Object> headers) {
        Map<String, Object> simple = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                simple.put(k, v);
            }
        });
        return simple;
    }

    /** The failure's messages, causes included, with mobile numbers masked: the API shows it and the log prints it. */
    private static String describe(Throwable failure) {
        StringBuilder reason = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable c = failure.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !reason.toString().contains(c.getMessage())) {
                reason.append(" <- ").append(c.getMessage());
            }
        }
        return Msisdn.maskAll(reason.toString());
    }
}

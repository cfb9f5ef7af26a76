package com.carrier.hub.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.ResponseEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a peer's event callback ({@code {"events":[{…},…]}}, PEERS §3.2 and §4.3 share the shape) into response
 * events. The subclass maps one event object; the helpers here check its fields and name the one that is wrong
 * ({@code events[3].msisdn: missing}). The whole body is refused if any event is bad: a field over its length
 * ({@link InputLimits}), a U+0000 in any text, or nesting deeper than {@value #MAX_NESTING} levels (the contract's
 * shape is three deep).
 *
 * <p>Fields the contract does not name are ignored, not refused: PEERS §3.2 has the peer retry until it gets 202 and
 * drop a body answered 400, so refusing a field a newer peer version adds would lose every customer response it
 * sends, while a misspelt required field is already refused as missing. Unlike the admin API, no optional field here
 * widens or narrows anything.
 */
public abstract class CallbackEventParser implements SignedFeedback.EventParser {

    /** The deepest nesting of objects and arrays a callback body may have. */
    static final int MAX_NESTING = 16;

    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build());

    @Override
    public final List<ResponseEvent> parse(byte[] body) throws BadCallback {
        JsonNode events = eventsOf(json, body);
        List<ResponseEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            String at = "events[" + i + "]";
            if (!e.isObject()) {
                throw new BadCallback(at + ": not a JSON object");
            }
            out.add(event(e, at));
        }
        return out;
    }

    /**
     * Maps one event object of the callback.
     *
     * @param at where the event is, for messages: {@code events[3]}
     */
    protected abstract ResponseEvent event(JsonNode event, String at) throws BadCallback;

    static JsonNode eventsOf(ObjectMapper json, byte[] body) throws BadCallback {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new BadCallback("body is nested deeper than " + MAX_NESTING + " levels");
        } catch (JsonProcessingException e) {
            throw new BadCallback("body is not valid JSON: " + e.getOriginalMessage() + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (java.io.IOException e) {
            throw new BadCallback("body is not readable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadCallback("body is not a JSON object with an \"events\" array");
        }
        JsonNode events = root.get("events");
        if (events == null || events.isNull()) {
            throw new BadCallback("events: missing");
        }
        if (!events.isArray()) {
            throw new BadCallback("events: not an array");
        }
        return events;
    }

    /** The field's text, trimmed; refused when missing, not a string, blank, over {@link InputLimits#ID} or with NUL. */
    protected static String text(JsonNode event, String at, String field) throws BadCallback {
        return text(event, at, field, InputLimits.ID);
    }

    /** The field's text, trimmed; refused when missing, not a string, blank, over {@code max} characters or with NUL. */
    protected static String text(JsonNode event, String at, String field, int max) throws BadCallback {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) {
            throw new BadCallback(at + "." + field + ": missing");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new BadCallback(at + "." + field + ": must be a non-empty string");
        }
        String problem = InputLimits.problem(v.asText(), max);
        if (problem != null) {
            throw new BadCallback(at + "." + field + ": " + problem);
        }
        return v.asText().trim();
    }

    /** The {@code msisdn} field, refused (masked in the message) when it is not a valid mobile number. */
    protected static String msisdn(JsonNode event, String at) throws BadCallback {
        String msisdn = text(event, at, "msisdn");
        if (!Msisdn.isValid(msisdn)) {
            throw new BadCallback(at + ".msisdn: not an 11-digit mobile number starting with 1 (got "
                    + Msisdn.mask(msisdn) + ")");
        }
        return msisdn;
    }

    /** The {@code time} field: ISO-8601 with an offset, or an instant ending in Z. */
    protected static Instant time(JsonNode event, String at) throws BadCallback {
        String time = text(event, at, "time");
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return Instant.parse(time);
            } catch (DateTimeParseException e) {
                throw new BadCallback(at + ".time: not an ISO-8601 time with offset: '" + clip(time) + "'");
            }
        }
    }

    /** A peer's value cut to 40 characters for a message. */
    protected static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

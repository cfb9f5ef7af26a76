package com.carrier.hub.connector.mmstore;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.ResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an MM download callback (PEERS §4.3) into response events: DOWNLOAD and INSTALL become DOWNLOADED and
 * INSTALLED with the appId as the correlation ref. The whole body is refused if any event is bad.
 */
public final class MmEventParser implements SignedFeedback.EventParser {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public List<ResponseEvent> parse(byte[] body) throws BadCallback {
        JsonNode events = eventsOf(json, body);
        List<ResponseEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            String at = "events[" + i + "]";
            if (!e.isObject()) {
                throw new BadCallback(at + ": not a JSON object");
            }
            String eventId = text(e, at, "eventId");
            String typeName = text(e, at, "type");
            ResponseEvent.Type type = switch (typeName) {
                case "DOWNLOAD" -> ResponseEvent.Type.DOWNLOADED;
                case "INSTALL" -> ResponseEvent.Type.INSTALLED;
                default -> throw new BadCallback(at + ".type: unknown event type '" + clip(typeName)
                        + "' (expected DOWNLOAD or INSTALL)");
            };
            out.add(new ResponseEvent("mmstore", eventId, ResponseEvent.Channel.MM, type, msisdn(e, at),
                    text(e, at, "campaignId"), text(e, at, "appId"), time(e, at), null));
        }
        return out;
    }

    static JsonNode eventsOf(ObjectMapper json, byte[] body) throws BadCallback {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadCallback("body is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
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

    static String text(JsonNode event, String at, String field) throws BadCallback {
        JsonNode v = event.get(field);
        if (v == null || v.isNull()) {
            throw new BadCallback(at + "." + field + ": missing");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new BadCallback(at + "." + field + ": must be a non-empty string");
        }
        return v.asText().trim();
    }

    static String msisdn(JsonNode event, String at) throws BadCallback {
        String msisdn = text(event, at, "msisdn");
        if (!Msisdn.isValid(msisdn)) {
            throw new BadCallback(at + ".msisdn: not an 11-digit mobile number starting with 1 (got "
                    + Msisdn.mask(msisdn) + ")");
        }
        return msisdn;
    }

    static Instant time(JsonNode event, String at) throws BadCallback {
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

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

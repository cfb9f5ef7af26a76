package com.carrier.hub.api;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The hub's JSON envelope for messages exchanged with upstream systems (Kafka topics and the like).
 *
 * @param messageId    unique per sending system; makes redelivery harmless
 * @param type         what the payload is, for example {@code customer.changed}
 * @param sourceSystem who sent it, for example {@code crm}
 * @param time         when the sender produced it
 * @param payload      the message itself, any JSON value
 */
public record HubMessage(String messageId, String type, String sourceSystem, OffsetDateTime time, JsonNode payload) {

    /** Names each missing or empty field; an empty list means the envelope is complete. */
    public List<String> missingFields() {
        List<String> missing = new ArrayList<>();
        if (messageId == null || messageId.isBlank()) {
            missing.add("messageId");
        }
        if (type == null || type.isBlank()) {
            missing.add("type");
        }
        if (sourceSystem == null || sourceSystem.isBlank()) {
            missing.add("sourceSystem");
        }
        if (time == null) {
            missing.add("time");
        }
        if (payload == null || payload.isNull()) {
            missing.add("payload");
        }
        return missing;
    }
}

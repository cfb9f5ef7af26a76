package com.carrier.hub.connector.kafka;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one JSON mapping of {@link com.carrier.hub.api.HubMessage} used on both sides of the topic. */
final class HubEnvelopes {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // after JavaTimeModule, so it replaces that module's OffsetDateTime reader (fast path, same results)
            .addModule(new SimpleModule("hub-envelope-time").addDeserializer(OffsetDateTime.class, new EnvelopeTimeDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Keep the sender's offset (+08:00) instead of normalising to UTC.
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Upstream systems may add fields; the envelope's own fields are checked explicitly.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private HubEnvelopes() {
    }
}

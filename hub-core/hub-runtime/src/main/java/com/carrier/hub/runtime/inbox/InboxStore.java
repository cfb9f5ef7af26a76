package com.carrier.hub.runtime.inbox;

import java.sql.Timestamp;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Durable inbox of messages upstream systems send through Kafka in the hub's envelope; stored once per
 * (sourceSystem, messageId), so a redelivered message is harmless. Routes call it as {@code bean:hubInbox}.
 */
@Component("hubInbox")
public class InboxStore {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public InboxStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Stores the message; returns false when it was already stored. */
    public boolean store(HubMessage message) throws JsonProcessingException {
        return jdbc.update("""
                INSERT INTO inbox_message (source_system, message_id, type, sent_at, payload)
                VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING""",
                message.sourceSystem(), message.messageId(), message.type(),
                Timestamp.from(message.time().toInstant()), json.writeValueAsString(message.payload())) == 1;
    }

    public long count(String sourceSystem) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE source_system = ?", Long.class, sourceSystem);
        return n == null ? 0 : n;
    }
}

package com.carrier.hub.runtime.inbox;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubMessage;

/**
 * The inbox: messages upstream systems send on Kafka in the hub's envelope whose type no flow of the hub handles
 * (PEERS §11: unknown types are kept and counted, never dropped silently), stored once per (sourceSystem, messageId),
 * so a redelivered message is harmless. The route network-events-to-triggered-campaigns keeps them here.
 */
@Component
public class InboxStore {

    private final JdbcTemplate jdbc;

    public InboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the messages (on the caller's transaction, in one statement); one already kept is not kept again. */
    public void keep(List<HubMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        int n = messages.size();
        String[] systems = new String[n];
        String[] ids = new String[n];
        String[] types = new String[n];
        Timestamp[] times = new Timestamp[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            HubMessage m = messages.get(i);
            systems[i] = m.sourceSystem();
            ids[i] = m.messageId();
            types[i] = m.type();
            times[i] = Timestamp.from(m.time().toInstant());
            payloads[i] = m.payload().toString();
        }
        jdbc.execute((ConnectionCallback<Integer>) con -> {
            try (PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO inbox_message (source_system, message_id, type, sent_at, payload)
                    SELECT s, i, t, w, p::jsonb FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])
                           AS u (s, i, t, w, p)
                    ON CONFLICT DO NOTHING""")) {
                ps.setArray(1, con.createArrayOf("text", systems));
                ps.setArray(2, con.createArrayOf("text", ids));
                ps.setArray(3, con.createArrayOf("text", types));
                ps.setArray(4, con.createArrayOf("timestamptz", times));
                ps.setArray(5, con.createArrayOf("text", payloads));
                return ps.executeUpdate();
            }
        });
    }

    /** Messages kept from one source system. */
    public long count(String sourceSystem) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE source_system = ?", Long.class, sourceSystem);
        return n == null ? 0 : n;
    }

    /** Messages kept, by type. */
    public java.util.Map<String, Long> countByType() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        jdbc.query("SELECT type, count(*) FROM inbox_message GROUP BY type", rs -> {
            out.put(rs.getString(1), rs.getLong(2));
        });
        return out;
    }
}

package com.carrier.hub.runtime.responses;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;

/**
 * The single durable store of response events for every channel, in PostgreSQL. A batch is stored in one
 * transaction; a repeated (source, eventId) is ignored; an UNSUBSCRIBED event records the channel opt-out in the
 * same transaction, so the contact policy sees it as soon as the peer is acknowledged.
 *
 * <p>A batch is one statement: its events go as one array per column and are unnested server-side, so a batch of
 * thousands costs one round trip and one executor run instead of one per event (issue 7, `bench/run response-ingest`).
 */
@Repository
public class JdbcResponseEventStore implements ResponseEventSink {

    private static final String INSERT = """
            INSERT INTO response_event (source, event_id, channel, type, msisdn, campaign_id, ref, event_time, detail)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::text[]::timestamptz[], ?::text[])
            ON CONFLICT (source, event_id) DO NOTHING""";
    private static final String OPT_OUT = """
            INSERT INTO channel_optout (msisdn, channel, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING""";

    private final JdbcTemplate jdbc;

    public JdbcResponseEventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public int append(List<ResponseEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        int inserted = jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT);
            ps.setArray(1, column(con, events, ResponseEvent::source));
            ps.setArray(2, column(con, events, ResponseEvent::eventId));
            ps.setArray(3, column(con, events, e -> e.channel()));
            ps.setArray(4, column(con, events, e -> e.type().name()));
            ps.setArray(5, column(con, events, ResponseEvent::msisdn));
            ps.setArray(6, column(con, events, ResponseEvent::campaignId));
            ps.setArray(7, column(con, events, ResponseEvent::ref));
            ps.setArray(8, column(con, events, e -> e.time().toString()));
            ps.setArray(9, column(con, events, ResponseEvent::detail));
            return ps;
        });
        List<ResponseEvent> optOuts = events.stream()
                .filter(e -> e.type() == ResponseEvent.Type.UNSUBSCRIBED && e.msisdn() != null).toList();
        if (!optOuts.isEmpty()) {
            jdbc.batchUpdate(OPT_OUT, optOuts, 500, (ps, e) -> {
                ps.setString(1, e.msisdn());
                ps.setString(2, e.channel());
                ps.setString(3, e.source());
            });
        }
        return inserted;
    }

    private static Array column(Connection con, List<ResponseEvent> events, Function<ResponseEvent, String> field)
            throws SQLException {
        String[] values = new String[events.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.apply(events.get(i));
        }
        return con.createArrayOf("text", values);
    }

    /** True when the customer opted out of the channel. */
    public boolean optedOut(String msisdn, String channel) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM channel_optout WHERE msisdn = ? AND channel = ?",
                Integer.class, msisdn, channel);
        return n != null && n > 0;
    }
}

package com.carrier.hub.runtime.responses;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;

/**
 * The single durable store of response events for every channel, in PostgreSQL. A batch is stored in one
 * transaction; a repeated (source, eventId) is ignored; an UNSUBSCRIBED event records the channel opt-out in the
 * same transaction, so the contact policy sees it as soon as the peer is acknowledged.
 */
@Repository
public class JdbcResponseEventStore implements ResponseEventSink {

    private static final String INSERT = """
            INSERT INTO response_event (source, event_id, channel, type, msisdn, campaign_id, ref, event_time, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, event_id) DO NOTHING""";
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
        int[][] counts = jdbc.batchUpdate(INSERT, events, 500, (ps, e) -> {
            ps.setString(1, e.source());
            ps.setString(2, e.eventId());
            ps.setString(3, e.channel().name());
            ps.setString(4, e.type().name());
            ps.setString(5, e.msisdn());
            ps.setString(6, e.campaignId());
            ps.setString(7, e.ref());
            ps.setTimestamp(8, Timestamp.from(e.time()));
            ps.setString(9, e.detail());
        });
        List<ResponseEvent> optOuts = events.stream()
                .filter(e -> e.type() == ResponseEvent.Type.UNSUBSCRIBED && e.msisdn() != null).toList();
        if (!optOuts.isEmpty()) {
            jdbc.batchUpdate(OPT_OUT, optOuts, 500, (ps, e) -> {
                ps.setString(1, e.msisdn());
                ps.setString(2, e.channel().name());
                ps.setString(3, e.source());
            });
        }
        int inserted = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                inserted += Math.max(c, 0);
            }
        }
        return inserted;
    }

    /** True when the customer opted out of the channel. */
    public boolean optedOut(String msisdn, ResponseEvent.Channel channel) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM channel_optout WHERE msisdn = ? AND channel = ?",
                Integer.class, msisdn, channel.name());
        return n != null && n > 0;
    }
}

package com.carrier.hub.runtime.events;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.api.HubTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The outbox's side of the route hub-events-to-kafka: a round {@link #claim takes} a batch of events (oldest first,
 * {@code FOR UPDATE SKIP LOCKED}: instances sharing the database never take the same rows) and, once the broker has
 * acknowledged every one of them, {@link #published deletes} them. A round that fails (the broker is down) leaves its
 * events in the outbox: this instance takes them again in its next round, another once
 * {@code hub.events.claim-lease} has passed. A round reads on from the last event this instance took, and from the
 * start of the outbox every {@code hub.events.rescan-interval} (see {@link #after}). Publishing is at least once: a crash between the broker's
 * acknowledgement and the delete publishes the batch again, with the same message ids.
 * <p>
 * Gauge {@code hub.events.outbox.pending}: the events not yet published.
 */
@Component("hubEventOutbox")
public class HubEventOutbox {

    /** Exchange property holding the ids of the events a round took. */
    static final String TAKEN = "HubEventOutboxIds";
    /** camel-kafka's record key header (KafkaConstants.KEY), read by the kafka-hub-sink Kamelet. */
    static final String KAFKA_KEY = "kafka.KEY";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final HubEventsProperties properties;
    /** This process's rounds: the rows it claimed and did not publish are its own to take again. */
    private final String publisher = "events-" + UUID.randomUUID();
    /**
     * The highest id a round of this instance took: the next round reads on after it. Published rows are deleted, and
     * PostgreSQL keeps a deleted row until it vacuums the table (at most once a minute by default): a queue read from
     * its start would walk through every row published since, which at thousands of events a second cost a round
     * hundreds of milliseconds of the database. Rounds run one at a time (the route's scheduler is synchronous).
     */
    private long after;
    /** When a round next reads from the start ({@code hub.events.rescan-interval}), in {@link System#nanoTime()}. */
    private long rescanAt = System.nanoTime();
    /** Whether the last round took events and did not publish them (it failed): the next reads from the start. */
    private boolean unpublished;

    public HubEventOutbox(JdbcTemplate jdbc, ObjectMapper json, HubEventsProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        Gauge.builder("hub.events.outbox.pending", this, HubEventOutbox::pending)
                .description("Hub events written and not yet published to " + properties.getTopic())
                .register(meters);
    }

    /**
     * The route's first step: up to {@code hub.events.batch-size} events, oldest first, each a message whose body is
     * its envelope and whose {@code kafka.KEY} header is its record key, cut into at most {@code hub.events.lanes}
     * lanes by record key (the events of one key in one lane, in the order they were written). An empty outbox tells
     * the greedy scheduler to wait its interval.
     */
    public List<List<Message>> claim(Exchange exchange) {
        List<Object[]> rows = new ArrayList<>();
        long now = System.nanoTime();
        // from the start now and then (late commits, other instances' expired claims) and after a failed round (its
        // events are this instance's to take again); otherwise on from the last event taken
        boolean rescan = unpublished || now - rescanAt >= 0;
        if (rescan) {
            rescanAt = now + properties.getRescanInterval().toNanos();
        }
        jdbc.query("""
                UPDATE hub_event_outbox o SET claimed_by = ?, claimed_until = now() + ? * interval '1 millisecond'
                  FROM (SELECT id FROM hub_event_outbox
                         WHERE id > ? AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < now())
                         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) t
                 WHERE o.id = t.id
                RETURNING o.id, o.message_id, o.type, o.record_key, o.event_time, o.payload::text""",
                rs -> {
                    rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class), rs.getString(6)});
                }, publisher, properties.getClaimLease().toMillis(), rescan ? Long.MIN_VALUE : after, publisher,
                properties.getBatchSize());
        unpublished = !rows.isEmpty();
        for (Object[] r : rows) {
            after = Math.max(after, (Long) r[0]);
        }
        rows.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
        int lanes = Math.min(properties.getLanes(), rows.size());
        List<List<Message>> events = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            events.add(new ArrayList<>());
        }
        long[] ids = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Object[] r = rows.get(i);
            ids[i] = (Long) r[0];
            Message m = new DefaultMessage(exchange.getContext());
            // the envelope's time is the event's, as its payload gives it (at the hub's offset)
            OffsetDateTime time = ((OffsetDateTime) r[4]).atZoneSameInstant(HubTime.ZONE).toOffsetDateTime();
            m.setBody(new HubMessage((String) r[1], (String) r[2], properties.getSourceSystem(), time,
                    payload((String) r[1], (String) r[5])));
            m.setHeader(KAFKA_KEY, r[3]);
            events.get(Math.floorMod(r[3].hashCode(), lanes)).add(m);
        }
        exchange.setProperty(TAKEN, ids);
        if (events.isEmpty()) {
            exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, false);
        }
        return events;
    }

    /** The route's last step, once the broker acknowledged every event of the round: they leave the outbox. */
    public void published(Exchange exchange) {
        long[] ids = exchange.getProperty(TAKEN, long[].class);
        if (ids != null && ids.length > 0) {
            jdbc.update("DELETE FROM hub_event_outbox WHERE id = ANY (?) AND claimed_by = ?", ids, publisher);
        }
        unpublished = false;
    }

    /** Events written and not yet published. */
    public long pending() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM hub_event_outbox", Long.class);
        return n == null ? 0 : n;
    }

    private JsonNode payload(String messageId, String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("hub event " + messageId + ": stored payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}

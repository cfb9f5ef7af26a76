package com.carrier.hub.runtime.responses;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.runtime.responses.ResponseBatch.Call;

/**
 * The single durable store of response events for every channel, in PostgreSQL. A batch is stored in one
 * transaction; a repeated (source, eventId) is ignored; an UNSUBSCRIBED event records the channel opt-out in the
 * same transaction, so the contact policy sees it as soon as the peer is acknowledged.
 *
 * <p>A batch is one statement: its events go as one array per column and are unnested server-side, so a batch of
 * thousands costs one round trip and one executor run instead of one per event (issue 7, `bench/run response-ingest`).
 *
 * <p>The responses peers push reach it through the response collection route ({@link ResponseCollection}, the
 * hub's {@link ResponseEventSink}): the route's last step, {@link #store}, writes each batch as below. {@link #append}
 * is the direct way, for calls inside a transaction and for a hub that runs without that route.
 *
 * <p><b>Group commit.</b> Peers answer one event at a time on many threads (an SMSC's delivery receipts, one
 * deliver_sm each, on the SMPP session's processing threads; HTTP callbacks), and each caller may acknowledge its
 * peer only once its events are durable. A transaction per event would cost a commit (a WAL flush) per receipt, the
 * largest cost of sending SMS at thousands a second. So a call made outside a transaction joins the calls waiting
 * at that moment: one of them writes all of their events in one transaction and every caller returns once that
 * transaction committed, each with its own events' count. Should that transaction fail, each caller's events are
 * written again in a transaction of their own, so one bad batch fails only its own caller and never another's; a
 * caller's events are stored all or none, as {@link ResponseEventSink#append} promises. A call made inside a
 * transaction (a file's results, stored with the file's other rows) joins that transaction as before. PostgreSQL's
 * own {@code commit_delay} would merge the flushes but not the statements and round trips, and only when several
 * commits arrive within the delay; this needs no server setting.
 */
@Repository("responseEventStore")
public class JdbcResponseEventStore implements ResponseEventSink {

    private static final String INSERT = """
            INSERT INTO response_event (source, event_id, channel, type, msisdn, campaign_id, ref, event_time, detail)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::text[]::timestamptz[], ?::text[])
            ON CONFLICT (source, event_id) DO NOTHING
            RETURNING source, event_id""";
    private static final String OPT_OUT = """
            INSERT INTO channel_optout (msisdn, channel, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING""";
    /** Most events one group transaction takes; the callers after them make the next group. */
    private static final int GROUP_EVENTS = 5_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ReentrantLock writer = new ReentrantLock();
    private final ConcurrentLinkedQueue<Call> waiting = new ConcurrentLinkedQueue<>();

    public JdbcResponseEventStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public int append(List<ResponseEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return write(events).size();
        }
        Call mine = new Call(events);
        waiting.add(mine);
        writer.lock();
        try {
            // the caller holding the lock writes for everyone waiting; a caller whose events an earlier holder
            // wrote finds them done
            while (!mine.settled()) {
                commit(nextGroup());
            }
        } finally {
            writer.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.inserted;
    }

    /**
     * The response collection route's store step ({@code to: bean:responseEventStore?method=store}): writes a batch
     * of callers' events in one transaction and one statement; should that fail, each caller's events again in a
     * transaction of their own, so one bad caller fails only itself. Each caller's outcome is recorded in the batch.
     *
     * @throws ResponsesNotStored when some caller's events could not be stored (the exchange then fails, counted with
     *                            this as its last error; those callers' peers deliver again), the others are stored
     */
    public void store(ResponseBatch batch) {
        if (batch.calls().isEmpty()) {
            return;
        }
        commit(batch.calls());
        long failed = batch.calls().stream().filter(c -> c.failure != null).count();
        if (failed > 0) {
            RuntimeException first = batch.calls().stream().map(c -> c.failure).filter(f -> f != null).findFirst().orElseThrow();
            throw new ResponsesNotStored(failed + " of " + batch.calls().size() + " callers' response events not stored ("
                    + ResponsesNotStored.reason(first) + "); their peers are answered with a failure and deliver them again",
                    first);
        }
    }

    /** The waiting calls in arrival order, up to {@link #GROUP_EVENTS} events (at least one call). */
    private List<Call> nextGroup() {
        List<Call> group = new ArrayList<>();
        int events = 0;
        Call next;
        while ((next = waiting.peek()) != null && (group.isEmpty() || events + next.events.size() <= GROUP_EVENTS)) {
            group.add(waiting.poll());
            events += next.events.size();
        }
        return group;
    }

    private void commit(List<Call> group) {
        if (group.size() > 1) {
            try {
                List<ResponseEvent> all = new ArrayList<>();
                group.forEach(c -> all.addAll(c.events));
                Set<String> inserted = tx.execute(s -> write(all));
                for (Call c : group) {
                    c.stored((int) c.events.stream().filter(e -> inserted.remove(key(e.source(), e.eventId()))).count());
                }
                return;
            } catch (RuntimeException e) {
                // one call's events may be what failed: each call alone, below
            }
        }
        for (Call c : group) {
            try {
                c.stored(tx.execute(s -> write(c.events)).size());
            } catch (RuntimeException e) {
                c.failed(e);
            }
        }
    }

    /** Writes the events in the current transaction; answers the keys of those that were new. */
    private Set<String> write(List<ResponseEvent> events) {
        Set<String> inserted = new HashSet<>();
        jdbc.query(con -> {
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
        }, rs -> {
            inserted.add(key(rs.getString(1), rs.getString(2)));
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

    private static String key(String source, String eventId) {
        return source + '\u0000' + eventId;
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

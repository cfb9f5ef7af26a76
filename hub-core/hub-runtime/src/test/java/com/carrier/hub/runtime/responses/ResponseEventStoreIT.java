package com.carrier.hub.runtime.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEvent.Type;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.runtime.HubIT;

class ResponseEventStoreIT extends HubIT {

    @Autowired
    ResponseEventSink sink;
    @Autowired
    JdbcResponseEventStore store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void sameEventTwiceIsStoredOnce() {
        ResponseEvent click = new ResponseEvent("portal", "evt-1", "PORTAL", Type.CLICKED, "13800000001", "C1",
                "C1:13800000001", Instant.parse("2026-11-22T08:00:00Z"), null);
        assertThat(sink.append(List.of(click))).isEqualTo(1);
        assertThat(sink.append(List.of(click, click))).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE source='portal' AND event_id='evt-1'",
                Long.class)).isEqualTo(1);
    }

    @Test
    void aBatchStoresEveryFieldAndCountsOnlyTheNewEvents() {
        Instant at = Instant.parse("2026-11-22T08:15:30.123456Z");
        ResponseEvent old = new ResponseEvent("sms", "r-1", "SMS", Type.DELIVERED, null, null, "m-1", at, "stat:DELIVRD");
        assertThat(sink.append(List.of(old))).isEqualTo(1);
        ResponseEvent reply = new ResponseEvent("sms", "r-2", "SMS", Type.REPLIED, "13800000002", null, "10658001",
                at.plusSeconds(1), "Y");
        ResponseEvent click = new ResponseEvent("portal", "r-1", "PORTAL", Type.CLICKED, "13800000003", "C9",
                "C9:13800000003", at.plusSeconds(2), null);
        // one already stored, one new twice in the same batch, one new whose event id another source also uses
        assertThat(sink.append(List.of(old, reply, reply, click))).isEqualTo(2);
        assertThat(jdbc.queryForList("""
                SELECT source, event_id, channel, type, msisdn, campaign_id, ref, event_time, detail
                  FROM response_event WHERE event_id LIKE 'r-%' ORDER BY id""").stream().map(r -> r.values().stream()
                .map(v -> v instanceof java.sql.Timestamp t ? t.toInstant().toString() : String.valueOf(v)).toList()).toList())
                .containsExactly(
                        List.of("sms", "r-1", "SMS", "DELIVERED", "null", "null", "m-1", "2026-11-22T08:15:30.123456Z", "stat:DELIVRD"),
                        List.of("sms", "r-2", "SMS", "REPLIED", "13800000002", "null", "10658001", "2026-11-22T08:15:31.123456Z", "Y"),
                        List.of("portal", "r-1", "PORTAL", "CLICKED", "13800000003", "C9", "C9:13800000003",
                                "2026-11-22T08:15:32.123456Z", "null"));
    }

    @Test
    void unsubscribeRecordsTheChannelOptOutWithTheEvent() {
        ResponseEvent td = new ResponseEvent("sms", "mo-77", "SMS", Type.UNSUBSCRIBED, "13800000077", null, null,
                Instant.now(), "TD");
        assertThat(store.optedOut("13800000077", "SMS")).isFalse();
        sink.append(List.of(td));
        assertThat(store.optedOut("13800000077", "SMS")).isTrue();
        assertThat(store.optedOut("13800000077", "PORTAL")).isFalse();
    }

    @Test
    void concurrentCallersEachGetTheirOwnCountAndABadBatchFailsOnlyItsCaller() throws Exception {
        int callers = 24;
        ExecutorService pool = Executors.newFixedThreadPool(callers + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> good = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String id = "gc-" + i;
                // every third caller repeats an event another caller sends: only one of the two counts it as new
                String shared = "gc-shared-" + (i / 3);
                good.add(pool.submit(() -> {
                    start.await();
                    return sink.append(List.of(event(id, "ok"), event(shared, "ok")));
                }));
            }
            // PostgreSQL refuses a NUL in text: this caller's batch cannot be stored, and must take no one else's with it
            Future<Integer> bad = pool.submit(() -> {
                start.await();
                return sink.append(List.of(event("gc-bad-1", "ok"), event("gc-bad-2", "nul\u0000here")));
            });
            start.countDown();
            int total = 0;
            for (Future<Integer> f : good) {
                int n = f.get(30, TimeUnit.SECONDS);
                assertThat(n).isBetween(1, 2);
                total += n;
            }
            assertThat(total).isEqualTo(callers + callers / 3);
            assertThat(org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> bad.get(30, TimeUnit.SECONDS)).getCause()).isInstanceOf(RuntimeException.class);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE event_id LIKE 'gc-%'", Long.class))
                .isEqualTo(callers + callers / 3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE event_id LIKE 'gc-bad-%'", Long.class))
                .isZero();
    }

    @Test
    void aCallInsideATransactionIsUndoneWithIt() {
        tx.executeWithoutResult(s -> {
            assertThat(sink.append(List.of(event("tx-1", "ok")))).isEqualTo(1);
            s.setRollbackOnly();
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE event_id = 'tx-1'", Long.class)).isZero();
    }

    private static ResponseEvent event(String id, String detail) {
        return new ResponseEvent("portal", id, "PORTAL", Type.CLICKED, "13800000009", "C1", "C1:13800000009",
                Instant.parse("2026-11-22T08:00:00Z"), detail);
    }
}

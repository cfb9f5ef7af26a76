package com.carrier.hub.runtime.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carrier.hub.api.ResponseEvent;

/**
 * The hub-responses consumer on its own, in a bare CamelContext whose store step the test holds: callers wait for
 * their batch, batches respect batchSize, and stopping the route refuses the callers still queued at once while the
 * batch in flight completes.
 */
class ResponsesConsumerTest {

    DefaultCamelContext camel;
    ResponseCollection collection;
    ResponsesProperties properties;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final AtomicInteger batches = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        properties = new ResponsesProperties();
        properties.setBatchSize(3);
        collection = new ResponseCollection(null);
        camel = new DefaultCamelContext();
        camel.addComponent(ResponsesComponent.SCHEME, new ResponsesComponent(collection, properties));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("hub-responses:in").routeId("responses").process(e -> {
                    batches.incrementAndGet();
                    entered.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    // the store step: every caller's events stored, all new
                    e.getMessage().getBody(ResponseBatch.class).calls().forEach(c -> c.stored(c.events().size()));
                });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        camel.stop();
    }

    @Test
    void stoppingTheRouteRefusesTheQueuedCallersAtOnceAndCompletesTheBatchInFlight() throws Exception {
        CompletableFuture<Integer> inFlight = CompletableFuture.supplyAsync(() -> collection.append(events("a", 1)));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> collection.append(events("b", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> queuedCallers() == 1);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            try {
                camel.getRouteController().stopRoute("responses", 30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the queued caller learns at once, while the batch in flight still holds the route's stop
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> queued.get(10, TimeUnit.SECONDS));
        assertThat(refused.getCause()).isInstanceOf(ResponsesNotStored.class)
                .hasMessageContaining("route responses is not running");
        assertThat(inFlight).isNotDone();
        release.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        stopping.get(30, TimeUnit.SECONDS);
        // and a caller arriving while it is stopped is refused, never left waiting
        org.junit.jupiter.api.Assertions.assertThrows(ResponsesNotStored.class,
                () -> collection.append(events("c", 1)));
    }

    @Test
    void callersArrivingTogetherShareBatchesOfAtMostBatchSizeEvents() throws Exception {
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> collection.append(events("first", 1)));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "w" + i;
            waiting.add(CompletableFuture.supplyAsync(() -> collection.append(events(id, 1))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queuedCallers() == 6);
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        for (CompletableFuture<Integer> w : waiting) {
            assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        // one batch for the first caller, then the six queued ones in batches of batchSize = 3
        assertThat(batches.get()).isEqualTo(3);
    }

    @Test
    void aRouteThatEndsWithoutStoringFailsItsCallers() throws Exception {
        camel.getRouteController().stopRoute("responses");
        camel.removeRoute("responses");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("hub-responses:in").routeId("forgetful").log("no store step");
            }
        });
        org.junit.jupiter.api.Assertions.assertThrows(ResponsesNotStored.class, () -> collection.append(events("x", 1)));
    }

    @Test
    void aBatchIntervalGathersTheCallersArrivingWithinIt() throws Exception {
        ResponsesProperties gathering = new ResponsesProperties();
        gathering.setBatchSize(100);
        gathering.setBatchInterval(Duration.ofSeconds(2));
        ResponseCollection responses = new ResponseCollection(null);
        AtomicInteger gathered = new AtomicInteger();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(5);
        try (DefaultCamelContext other = new DefaultCamelContext()) {
            other.addComponent(ResponsesComponent.SCHEME, new ResponsesComponent(responses, gathering));
            other.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("hub-responses:in").routeId("gathering").process(e -> {
                        gathered.incrementAndGet();
                        e.getMessage().getBody(ResponseBatch.class).calls().forEach(c -> c.stored(c.events().size()));
                    });
                }
            });
            other.start();
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String id = "g" + i;
                answers.add(callers.submit(() -> responses.append(events(id, 2))));
            }
            for (java.util.concurrent.Future<Integer> a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(2);
            }
        } finally {
            callers.shutdownNow();
        }
        // five callers within the first one's two seconds: one batch, not five
        assertThat(gathered.get()).isEqualTo(1);
    }

    private int queuedCallers() {
        return ((ResponsesConsumer) camel.getRoute("responses").getConsumer()).queuedCallers();
    }

    private static List<ResponseEvent> events(String id, int n) {
        List<ResponseEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new ResponseEvent("portal", id + "-" + i, "PORTAL", ResponseEvent.Type.CLICKED, "13800000009", "C1",
                    "C1:13800000009", Instant.parse("2026-11-22T08:00:00Z"), null));
        }
        return events;
    }
}

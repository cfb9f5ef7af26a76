package com.carrier.hub.runtime.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEvent.Type;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.connector.portal.PortalProperties;
import com.carrier.hub.simulators.portal.HttpPeerSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Response collection as a route, the shipped routes/ running (the same context as ShippedRoutesIT): the responses
 * peers push go through peer-responses-to-response-events one exchange per batch, its counters and last error in
 * GET /api/routes; a caller returns only once its batch is stored, a bad caller fails alone, a stopped route refuses
 * at once and the peer's next delivery is stored once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class ResponseCollectionRouteIT {

    static final String ROUTE = "peer-responses-to-response-events";

    @Autowired
    ResponseEventSink sink;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    PortalProperties portal;
    @LocalServerPort
    int port;

    @Test
    void theRouteIsListedAndCountsItsBatches() {
        JsonNode before = route();
        assertThat(before.get("from").asText()).startsWith("hub-responses://in");
        assertThat(before.get("sourceFile").asText()).isEqualTo(ROUTE + ".yaml");
        assertThat(sink.append(List.of(event("listed-1", "ok")))).isEqualTo(1);
        // the exchange's completion is counted once the caller has been answered
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(route().get("completed").asLong()).isGreaterThan(before.get("completed").asLong()));
        assertThat(count("listed-%")).isEqualTo(1);
    }

    @Test
    void manyCallersAtOnceMakeFewBatches() throws Exception {
        int callers = 200;
        long batchesBefore = route().get("completed").asLong();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String id = "many-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return sink.append(List.of(event(id, "ok")));
                }));
            }
            start.countDown();
            for (Future<Integer> a : answers) {
                assertThat(a.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("many-%")).isEqualTo(callers);
        // every caller returned, so every batch has completed; the sandbox's own traffic adds a few exchanges at most
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(route().get("completed").asLong()).isGreaterThan(batchesBefore));
        long batches = route().get("completed").asLong() - batchesBefore;
        assertThat(batches).as("exchanges for %d callers arriving together", callers).isLessThanOrEqualTo(callers / 4);
    }

    @Test
    void aBadCallerFailsAloneAndItsBatchIsCountedFailedWithTheReason() throws Exception {
        int callers = 24;
        long failedBefore = route().get("failed").asLong();
        ExecutorService pool = Executors.newFixedThreadPool(callers + 1);
        Future<Integer> bad;
        List<Future<Integer>> good = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < callers; i++) {
                String id = "fb-" + i;
                good.add(pool.submit(() -> {
                    start.await();
                    return sink.append(List.of(event(id, "ok")));
                }));
            }
            // PostgreSQL refuses a NUL in text: this caller's events cannot be stored, and take no one else's with them
            bad = pool.submit(() -> {
                start.await();
                return sink.append(List.of(event("fb-bad-1", "ok"), event("fb-bad-2", "nul\u0000here")));
            });
            start.countDown();
            for (Future<Integer> f : good) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(1);
            }
            Throwable refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> bad.get(60, TimeUnit.SECONDS)).getCause();
            assertThat(refused).isInstanceOf(ResponsesNotStored.class);
            assertThat(refused.getMessage()).contains("SQLState").doesNotContain("INSERT").doesNotContain("13800000009");
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("fb-bad-%")).isZero();
        assertThat(count("fb-%")).isEqualTo(callers);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode r = route();
            assertThat(r.get("failed").asLong()).isGreaterThan(failedBefore);
            assertThat(r.get("lastError").asText()).contains("not stored").contains("SQLState").doesNotContain("INSERT");
        });
        // the good callers' peers delivering again store nothing twice
        for (int i = 0; i < callers; i++) {
            assertThat(sink.append(List.of(event("fb-" + i, "ok")))).isZero();
        }
        assertThat(count("fb-%")).isEqualTo(callers);
    }

    @Test
    void aStoppedRouteRefusesAtOnceAndThePeersNextDeliveryIsStoredOnce() throws Exception {
        String body = """
                {"events":[{"eventId":"stopped-1","type":"CLICK","msisdn":"13800000041","campaignId":"C-STOP",
                "offerKey":"C-STOP:13800000041","time":"2026-11-22T08:00:00+08:00"}]}""";
        camel.getRouteController().stopRoute(ROUTE);
        try {
            assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Stopped);
            long t0 = System.nanoTime();
            assertThat(callback(body).statusCode()).isEqualTo(503);
            assertThatThrownBy(() -> sink.append(List.of(event("stopped-2", "ok"))))
                    .isInstanceOf(ResponsesNotStored.class).hasMessageContaining(ROUTE).hasMessageContaining("not running");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused at once, not left waiting")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE event_id LIKE 'stopped-%'",
                    Long.class)).isZero();
        } finally {
            camel.getRouteController().startRoute(ROUTE);
        }
        // the portal retries until it gets 202: stored once, and a further retry stores nothing twice
        HttpResponse<String> again = callback(body);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(again.body()).contains("\"stored\":1");
        assertThat(callback(body).body()).contains("\"stored\":0").contains("\"duplicates\":1");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE source = 'portal' AND event_id = 'stopped-1'",
                Long.class)).isEqualTo(1);
    }

    private HttpResponse<String> callback(String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/feedback/portal"))
                .header("Content-Type", "application/json")
                .header("X-Signature", HttpPeerSimulator.sign(bytes, portal.getCallbackSecret()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode route() {
        JsonNode routes = rest.withBasicAuth("admin", "admin").getForEntity("/api/routes", JsonNode.class).getBody().get("routes");
        for (JsonNode r : routes) {
            if (ROUTE.equals(r.get("id").asText())) {
                return r;
            }
        }
        throw new AssertionError(ROUTE + " is not in GET /api/routes: " + routes);
    }

    private long count(String eventIdLike) {
        return jdbc.queryForObject("SELECT count(*) FROM response_event WHERE source = 'portal' AND event_id LIKE ?",
                Long.class, eventIdLike);
    }

    private static ResponseEvent event(String id, String detail) {
        return new ResponseEvent("portal", id, "PORTAL", Type.CLICKED, "13800000009", "C1", "C1:13800000009",
                Instant.parse("2026-11-22T08:00:00Z"), detail);
    }
}

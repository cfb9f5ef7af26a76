package com.carrier.hub.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import com.carrier.hub.runtime.HubIT;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Abuse resistance through the real server: slow callback bodies, a burst of list decisions, password guessing and a
 * cross-site form. A context of its own, with small limits: few server threads and connections, short locks.
 */
@TestPropertySource(properties = {
        "server.tomcat.threads.max=20",
        "spring.datasource.hikari.maximum-pool-size=10",
        "hub.connectors.portal.enabled=true",
        "hub.connectors.portal.base-url=http://127.0.0.1:1/portal",
        "hub.connectors.portal.token=abuse-it-token",
        "hub.connectors.portal.callback-secret=abuse-it-secret",
        "hub.security.feedback.max-per-address=4",
        "hub.security.feedback.max-concurrent=8",
        "hub.security.feedback.read-timeout=2s",
        "hub.security.login.free-failures=1",
        "hub.security.login.account-failures=3",
        "hub.security.login.address-failures=50",
        "hub.security.login.lock-duration=2s",
        "hub.campaigns.decisions.concurrency=2",
        "hub.campaigns.decisions.queue=3",
})
class AbuseIT extends HubIT {

    private static final int SLOW_CLIENTS = 30;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void slowCallbackBodiesAreCutWhileHealthAndTheAdminApiKeepAnswering() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(SLOW_CLIENTS);
        try {
            CountDownLatch sent = new CountDownLatch(SLOW_CLIENTS);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                outcomes.add(clients.submit(slowCallback(sent)));
            }
            assertThat(sent.await(10, TimeUnit.SECONDS)).as("every slow client sent its headers").isTrue();

            // more slow bodies than the server has threads: without limits these would wait for one
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(url("/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"status\"");
            HttpResponse<String> connectors = http.send(HttpRequest.newBuilder(url("/api/connectors"))
                    .header(HttpHeaders.AUTHORIZATION, basic("viewer", "viewer-pw"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(connectors.statusCode()).isEqualTo(200);

            List<String> statusLines = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                statusLines.add(outcome.get(20, TimeUnit.SECONDS));
            }
            assertThat(statusLines).as("every slow client is answered and its connection closed")
                    .allSatisfy(line -> assertThat(line).matches("HTTP/1\\.1 (429|408) .*"));
            assertThat(statusLines.stream().filter(l -> l.startsWith("HTTP/1.1 408")).count())
                    .as("the ones read are cut at the read timeout").isBetween(1L, 4L);
        } finally {
            clients.shutdownNow();
        }
        // and a well-behaved callback is still read (refused here only for its bad signature)
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(url("/feedback/portal"))
                .header(HttpHeaders.CONTENT_TYPE, "application/json").POST(HttpRequest.BodyPublishers.ofString("[]"))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(401);
    }

    /**
     * A callback that declares 10,000 bytes and sends one every half second until the server answers; returns the
     * answer's status line once the server has closed the connection (or "still open" after 20 s).
     */
    private Callable<String> slowCallback(CountDownLatch sent) {
        return () -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(("POST /feedback/portal HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 10000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sent.countDown();
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                socket.setSoTimeout(500); // the client's pace: one byte per half second while nothing comes back
                while (System.nanoTime() < until) {
                    try {
                        int b = in.read();
                        if (b < 0) {
                            return answer.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("closed, no answer");
                        }
                        answer.write(b);
                        continue;
                    } catch (SocketTimeoutException pace) {
                        // nothing came back: trickle on
                    } catch (IOException reset) {
                        return answer.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("reset, no answer");
                    }
                    try {
                        out.write(' ');
                        out.flush();
                    } catch (IOException closed) {
                        // the server closed its side; the answer, if any, is still to be read
                    }
                }
                return "still open: " + answer.toString(StandardCharsets.US_ASCII);
            }
        };
    }

    @Test
    void aBurstOfListQueriesIsAdmittedOrRefusedWith429AndNoListIsLeftDeciding() throws Exception {
        String prefix = "137" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
        String city = String.valueOf(100 + Math.abs(UUID.randomUUID().hashCode()) % 899);
        for (int i = 0; i < 40; i++) {
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                    + " customer_class, update_time) VALUES (?, ?, '客户', 'GOTONE', ?, 'P100', 1, 'HUAWEI Mate60', 3, now())",
                    prefix + String.format("%04d", i), "C" + prefix + i, city);
        }
        String id = campaign();
        int calls = 30;
        ExecutorService callers = Executors.newFixedThreadPool(calls);
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                // every list selects the same customers: they race for the campaign's contact rows
                HttpRequest query = HttpRequest.newBuilder(url("/api/campaigns/" + id + "/targets:query?listId=Q" + i))
                        .header(HttpHeaders.AUTHORIZATION, basic("operator", "operator-pw"))
                        .header(HttpHeaders.CONTENT_TYPE, "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"cities\": [\"" + city + "\"]}"))
                        .timeout(Duration.ofSeconds(60)).build();
                futures.add(callers.submit(() -> {
                    go.await();
                    return http.send(query, HttpResponse.BodyHandlers.ofString());
                }));
            }
            go.countDown();
            for (Future<HttpResponse<String>> f : futures) {
                answers.add(f.get(90, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as("answer %s", r.body()).isIn(200, 429));
        List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).as("30 at once against 2 running and 3 waiting").isNotEmpty();
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.headers().firstValue(HttpHeaders.RETRY_AFTER)).hasValue("10");
            assertThat(r.body()).contains("hub.campaigns.decisions");
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_list WHERE campaign_id = ? AND state <> 'DECIDED'",
                Long.class, id)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_list WHERE campaign_id = ?", Long.class, id))
                .isEqualTo(calls - refused.size());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?", Long.class, id))
                .as("each customer decided once, in the first list taken").isEqualTo(40);
        ResponseEntity<JsonNode> db = as("viewer").getForEntity("/actuator/health/db", JsonNode.class);
        assertThat(db.getBody().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void wrongPasswordsSlowDownThenLockTheAccountUntilTheLockEnds() {
        String wrong = "guess";
        assertThat(login("operator", wrong).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(login("operator", wrong).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        ResponseEntity<JsonNode> waiting = login("operator", "operator-pw");
        assertThat(waiting.getStatusCode()).as("after the free failures even the right password waits")
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(waiting.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(waiting.getBody().get("detail").asText()).contains("account 'operator' must wait");

        await().atMost(Duration.ofSeconds(5)).until(() -> login("operator", wrong).getStatusCode() == HttpStatus.UNAUTHORIZED);
        ResponseEntity<JsonNode> locked = login("operator", "operator-pw");
        assertThat(locked.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(locked.getBody().get("detail").asText()).contains("account 'operator' is locked after 3 wrong passwords");
        assertThat(locked.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isIn("1", "2");
        assertThat(login("viewer", "viewer-pw").getStatusCode()).as("other accounts are not locked").isEqualTo(HttpStatus.OK);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> login("operator", "operator-pw").getStatusCode() == HttpStatus.OK);
        // the success cleared the count: one wrong password is free again
        assertThat(login("operator", wrong).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(login("operator", "operator-pw").getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<JsonNode> login(String user, String password) {
        return rest.withBasicAuth(user, password).getForEntity("/api/connectors", JsonNode.class);
    }

    @Test
    void aCrossSiteFormPostDoesNotPauseACampaignButACurlLikeCallDoes() {
        String id = campaign();
        assertThat(as("operator").postForEntity("/api/campaigns/" + id + "/schedule", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(as("operator").postForEntity("/api/campaigns/" + id + "/start", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        // what a page on evil.example makes the browser send, with the operator's cached Basic credentials
        HttpHeaders form = new HttpHeaders();
        form.set(HttpHeaders.ORIGIN, "https://evil.example");
        form.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        ResponseEntity<JsonNode> crossSite = as("operator").exchange("/api/campaigns/" + id + "/pause", HttpMethod.POST,
                new HttpEntity<>("go=1", form), JsonNode.class);
        assertThat(crossSite.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(crossSite.getBody().get("detail").asText()).contains("cross-origin request refused");

        // an old browser sends no Origin, only the Referer; a text/plain form is as simple
        HttpHeaders old = new HttpHeaders();
        old.set(HttpHeaders.REFERER, "https://evil.example/win-a-prize.html");
        old.setContentType(MediaType.TEXT_PLAIN);
        ResponseEntity<JsonNode> noOrigin = as("operator").exchange("/api/campaigns/" + id + "/pause", HttpMethod.POST,
                new HttpEntity<>("go", old), JsonNode.class);
        assertThat(noOrigin.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(noOrigin.getBody().get("detail").asText()).contains("X-Hub-Request");
        assertThat(status(id)).isEqualTo("RUNNING");

        // curl: no Origin, no browser headers, no body
        ResponseEntity<JsonNode> curl = as("operator").postForEntity("/api/campaigns/" + id + "/pause", null, JsonNode.class);
        assertThat(curl.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(status(id)).isEqualTo("PAUSED");

        // a page of the hub's own origin that says it means it
        HttpHeaders own = new HttpHeaders();
        own.set(HttpHeaders.ORIGIN, "http://localhost:" + port);
        own.set("X-Hub-Request", "1");
        ResponseEntity<JsonNode> console = as("operator").exchange("/api/campaigns/" + id + "/resume", HttpMethod.POST,
                new HttpEntity<>(own), JsonNode.class);
        assertThat(console.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(status(id)).isEqualTo("RUNNING");

        // a session-based page of the hub's own origin posts a form with the CSRF token instead (double submit)
        HttpHeaders session = new HttpHeaders();
        session.set(HttpHeaders.ORIGIN, "http://localhost:" + port);
        session.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        session.set(HttpHeaders.COOKIE, "XSRF-TOKEN=token-of-this-session");
        ResponseEntity<JsonNode> forged = as("operator").exchange("/api/campaigns/" + id + "/pause", HttpMethod.POST,
                new HttpEntity<>("go=1", session), JsonNode.class);
        assertThat(forged.getStatusCode()).as("the cookie alone is what a foreign page gets sent").isEqualTo(HttpStatus.FORBIDDEN);
        session.set("X-XSRF-TOKEN", "token-of-this-session");
        ResponseEntity<JsonNode> withToken = as("operator").exchange("/api/campaigns/" + id + "/pause", HttpMethod.POST,
                new HttpEntity<>("go=1", session), JsonNode.class);
        assertThat(withToken.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(status(id)).isEqualTo("PAUSED");
    }

    private String status(String id) {
        return as("viewer").getForObject("/api/campaigns/" + id, JsonNode.class).get("status").asText();
    }

    private String campaign() {
        String id = "A-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "abuse");
        c.put("type", "PROMOTION");
        c.put("productId", "P-" + id);
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "${name}您好")));
        c.put("sourceAddress", "10658001");
        c.put("start", now.minusMinutes(5).toString());
        c.put("end", now.plusDays(3).toString());
        assertThat(as("operator").postForEntity("/api/campaigns", c, String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return id;
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

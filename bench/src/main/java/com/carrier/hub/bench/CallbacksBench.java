package com.carrier.hub.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.connector.portal.PortalAutoConfiguration;
import com.carrier.hub.runtime.responses.JdbcResponseEventStore;
import com.carrier.hub.simulators.EmbeddedDatabase;
import com.carrier.hub.simulators.portal.HttpPeerSimulator.CallbackAnswer;
import com.carrier.hub.simulators.portal.PortalSimulator;

import ch.qos.logback.classic.Level;

/**
 * Events per second a hub stores from signed portal callbacks: 8 clients (the portal simulator's sender) POST
 * {@code /feedback/portal} with 100 events each, every body HMAC-signed; an event counts once its request got 202,
 * which the hub answers only after the response-event store committed it.
 *
 * <p>With {@code --hub-url} it posts to a running hub (its portal callback secret via {@code --secret}). Without it,
 * it starts the portal connector's real controller on embedded Tomcat in this JVM with a JDBC sink on embedded
 * PostgreSQL 17 that runs the same SQL as hub-runtime's {@code JdbcResponseEventStore} (one transaction a request,
 * batched {@code INSERT … ON CONFLICT (source, event_id) DO NOTHING}), and checks the row count at the end. The
 * runtime's own class cannot be used here: hub-runtime ships as a repackaged Boot jar, not a library.
 */
public class CallbacksBench implements BenchScenario {

    @Override
    public String name() {
        return "callbacks";
    }

    @Override
    public String usage() {
        return "events/s stored from signed portal callbacks: --events 2000000 --per-request 100 --clients 8"
                + " [--hub-url http://host:port --secret S] (default: embedded controller + JDBC sink on embedded PostgreSQL)";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        long events = options.getLong("events", 2_000_000);
        int perRequest = options.getInt("per-request", 100);
        int clients = options.getInt("clients", 8);
        String secret = options.get("secret", "bench-portal-secret");
        ConfigurableApplicationContext hub = null;
        JdbcTemplate jdbc = null;
        URI hubUrl;
        String target;
        if (options.has("hub-url")) {
            hubUrl = URI.create(options.get("hub-url", null));
            target = "running hub " + hubUrl;
        } else {
            EmbeddedDatabase.Database db = EmbeddedDatabase.create("bench_callbacks");
            hub = new SpringApplicationBuilder(BenchHub.class).web(WebApplicationType.SERVLET)
                    .properties(Map.of(
                            "server.port", "0",
                            "spring.main.banner-mode", "off",
                            "logging.level.root", "WARN",
                            "spring.datasource.url", db.url(),
                            "spring.datasource.username", db.username(),
                            "spring.datasource.password", db.password() == null ? "" : db.password(),
                            "spring.datasource.hikari.maximum-pool-size", String.valueOf(clients),
                            "hub.connectors.portal.base-url", "http://127.0.0.1:9",
                            "hub.connectors.portal.token", "unused",
                            "hub.connectors.portal.callback-secret", secret))
                    .run();
            jdbc = hub.getBean(JdbcTemplate.class);
            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            hubUrl = URI.create("http://127.0.0.1:" + port);
            target = "embedded portal controller + the hub's JdbcResponseEventStore on embedded PostgreSQL 17 (Flyway schema)";
        }
        System.out.println("callbacks: posting to " + target);
        URI url = PortalSimulator.feedbackUrl(hubUrl);
        PortalSimulator portal = new PortalSimulator("unused", secret, 500);
        String run = Long.toString(System.currentTimeMillis(), 36);
        try {
            post(portal, url, "warm-" + run, Math.min(events / 10, 50_000), perRequest, clients);
            PeakHeap.reset();
            long start = System.nanoTime();
            long stored = post(portal, url, run, events, perRequest, clients);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            double perSecond = stored / (took.toNanos() / 1e9);
            Map<String, Object> figures = new LinkedHashMap<>();
            if (jdbc != null) {
                Long rows = jdbc.queryForObject("SELECT count(*) FROM response_event WHERE event_id LIKE ?",
                        Long.class, run + "-%");
                if (rows == null || rows != events) {
                    throw new IllegalStateException("callbacks: " + events + " events acknowledged but " + rows
                            + " rows stored");
                }
                figures.put("rows_checked", rows);
            }
            System.out.printf("stored %,d events in %.2f s: %,.0f events/s (%d clients, %d events a request)%n",
                    stored, took.toMillis() / 1000.0, perSecond, clients, perRequest);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("events", stored);
            result.put("seconds", String.format("%.2f", took.toMillis() / 1000.0));
            result.put("events_per_s", Math.round(perSecond));
            result.put("clients", clients);
            result.put("per_request", perRequest);
            result.put("sink", jdbc != null ? "embedded-jdbc-postgresql" : "hub-url");
            result.putAll(figures);
            result.put("peak_heap_mib", PeakHeap.peakMiB());
            return result;
        } finally {
            if (hub != null) {
                hub.close();
            }
        }
    }

    /** Posts {@code events} events from {@code clients} threads; returns how many were acknowledged with 202. */
    private static long post(PortalSimulator portal, URI url, String run, long events, int perRequest, int clients)
            throws Exception {
        long requests = (events + perRequest - 1) / perRequest;
        AtomicLong next = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    StringBuilder body = new StringBuilder(perRequest * 200);
                    for (long r; (r = next.getAndIncrement()) < requests; ) {
                        long first = r * perRequest;
                        int n = (int) Math.min(perRequest, events - first);
                        body.setLength(0);
                        body.append("{\"events\":[");
                        for (int i = 0; i < n; i++) {
                            long id = first + i;
                            String msisdn = Long.toString(13_000_000_000L + id % 100_000_000L);
                            if (i > 0) {
                                body.append(',');
                            }
                            body.append("{\"eventId\":\"").append(run).append('-').append(id)
                                    .append("\",\"type\":\"").append(id % 3 == 0 ? "IMPRESSION" : id % 3 == 1 ? "CLICK" : "ORDER")
                                    .append("\",\"msisdn\":\"").append(msisdn)
                                    .append("\",\"campaignId\":\"BENCH\",\"offerKey\":\"BENCH:").append(msisdn)
                                    .append("\",\"time\":\"2026-11-22T10:15:30+08:00\"}");
                        }
                        body.append("]}");
                        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                        CallbackAnswer answer = portal.sendCallback(url, bytes, portal.sign(bytes), false);
                        if (answer.status() != 202) {
                            throw new IllegalStateException("callbacks: hub answered " + answer.status() + ": "
                                    + answer.body());
                        }
                        acknowledged.addAndGet(n);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return acknowledged.get();
    }

    /** The smallest hub for this benchmark: Spring MVC on Tomcat, JDBC, the portal connector, the sink. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({ConfigurationPropertiesAutoConfiguration.class, ValidationAutoConfiguration.class,
        JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class, FlywayAutoConfiguration.class,
        PortalAutoConfiguration.class})
    static class BenchHub {

        @Bean
        ResponseEventSink responseEventSink(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
            return new JdbcResponseEventStore(jdbc, transactions);
        }
    }
}

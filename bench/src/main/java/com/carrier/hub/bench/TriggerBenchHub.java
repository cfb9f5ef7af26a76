package com.carrier.hub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.connector.kafka.KafkaProperties;
import com.carrier.hub.runtime.HubApplication;
import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.runtime.triggers.TriggersProperties;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What the {@code trigger} and {@code trigger-latency} benchmarks share: the sandbox hub started in the bench's JVM (every
 * simulator, the in-JVM Kafka broker, the shipped routes/) on the benchmarks' production-like PostgreSQL
 * ({@link BenchPostgres}), a customer index loaded by COPY, a RUNNING triggered campaign created through the API as an
 * admin would (usage.threshold, {@code metric == 'DATA' && usedPercent >= 80}, SMS, contactWithin PT10M), and the §11
 * envelopes the upstream systems publish.
 */
final class TriggerBenchHub implements AutoCloseable {

    static final String ROUTE = "network-events-to-triggered-campaigns";
    static final String CONDITION = "metric == 'DATA' && usedPercent >= 80";
    /** The other §11 types a non-matching event may have, each with the text field that pads it to about 300 bytes. */
    private static final String[][] OTHER_TYPES = {{"roaming.entered", "region"}, {"recharge", "channel"},
            {"zone.entered", "zoneId"}, {"handset.changed", "model"}};
    static final int ENVELOPE_BYTES = 300;

    final EmbeddedPostgres pg;
    final ConfigurableApplicationContext hub;
    final JdbcTemplate jdbc;
    final String bootstrap;
    final String topic;
    final String group;
    private final int port;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private TriggerBenchHub(EmbeddedPostgres pg, ConfigurableApplicationContext hub) {
        this.pg = pg;
        this.hub = hub;
        this.jdbc = hub.getBean(JdbcTemplate.class);
        this.bootstrap = hub.getEnvironment().getRequiredProperty("hub.connectors.kafka.bootstrap-servers");
        this.topic = hub.getBean(TriggersProperties.class).getTopic();
        this.group = hub.getBean(KafkaProperties.class).getGroupId();
        this.port = hub.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    /** Starts PostgreSQL and the sandbox hub with these extra settings ({@code name=value}). */
    static TriggerBenchHub start(String... settings) throws Exception {
        EmbeddedPostgres pg = BenchPostgres.start();
        try {
            Path work = Files.createTempDirectory("bench-trigger");
            Path root = Path.of("").toAbsolutePath();
            List<String> args = new ArrayList<>(List.of("--server.port=0",
                    "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                    "--hub.routes.dir=" + root.resolve("routes"), "--hub.campaigns.inbox-dir=" + work.resolve("inbox"),
                    "--logging.level.root=WARN", "--logging.level.org.jsmpp=OFF", "--logging.level.org.apache.kafka=ERROR",
                    "--logging.level.kafka=ERROR", "--logging.level.state.change.logger=ERROR",
                    // the sandbox's own event stream and triggered campaign would add events and matches to the bench's
                    "--hub.sandbox.events.enabled=false",
                    // nor the simulated customers' demo campaign, whose SMS would share the licensed rate
                    "--hub.sandbox.customers.enabled=false"));
            for (String s : settings) {
                args.add("--" + s);
            }
            long t0 = System.nanoTime();
            ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class).profiles("sandbox")
                    .run(args.toArray(String[]::new));
            System.out.printf("hub started in %.1f s (sandbox profile, PostgreSQL 17 with full durability)%n",
                    (System.nanoTime() - t0) / 1e9);
            try {
                return new TriggerBenchHub(pg, hub);
            } catch (RuntimeException e) {
                hub.close();
                throw e;
            }
        } catch (Exception | Error e) {
            pg.close();
            throw e;
        }
    }

    CamelContext camel() {
        return hub.getBean(CamelContext.class);
    }

    SmscSimulator smsc() {
        return hub.getBean(SandboxPeers.class).peer(SmscSimulator.class).orElseThrow();
    }

    /** The customer index of {@code n} customers, numbers {@link CampaignPolicyBench#msisdn(long)} 0..n-1, by COPY. */
    void customers(long n) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = hub.getBean(DataSource.class).getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = off");
                s.execute("SET maintenance_work_mem = '512MB'");
            }
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            CampaignPolicyBench.timed("customer", c, n, "customer (msisdn, cust_id, cust_name, brand, city_code,"
                            + " plan_id, status, handset_model, open_date, arpu_3m_fen, customer_class, update_time, deleted)",
                    (i, row) -> row.append(CampaignPolicyBench.msisdn(i)).append("\tC").append(i).append("\t客户")
                            .append(i % 1000).append('\t').append(i % 2 == 0 ? "GOTONE" : "MZONE").append("\t0")
                            .append(571 + i % 11).append("\tP100\t1\tHUAWEI Mate60\t2020-01-01\t").append(i % 20_000)
                            .append('\t').append(1 + i % 5).append('\t').append(now).append("\tf"));
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
        System.out.printf("customer index of %,d loaded in %.1f s (not timed)%n", n, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Creates, schedules and starts the triggered campaign through the API (admin/admin, the sandbox's account);
     * answers its id.
     */
    String campaign(String prefix, double controlPercent) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        // quiet hours from two hours ahead: never during the run
        LocalTime quietStart = now.toLocalTime().plusHours(2).withMinute(0).withSecond(0).withNano(0);
        String id = prefix + "-" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "流量包提醒");
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "尊敬的${name}，您的流量已用${usedPercent}%，回复Y加购流量包")));
        c.put("sourceAddress", "10658001");
        c.put("start", now.minusMinutes(5).toString());
        c.put("end", now.plusDays(7).toString());
        c.put("quietHours", Map.of("start", quietStart.toString(), "end", quietStart.plusHours(1).toString()));
        c.put("controlPercent", controlPercent);
        c.put("rules", Map.of("maxSmsPerDay", 100, "maxSmsPerWeek", 100, "recentSimilarDays", 0));
        c.put("trigger", Map.of("eventType", "usage.threshold", "condition", CONDITION, "contactWithin", "PT10M",
                "cooldownDays", 7));
        post("/api/campaigns", json.writeValueAsString(c), 201);
        post("/api/campaigns/" + id + "/schedule", null, 200);
        post("/api/campaigns/" + id + "/start", null, 200);
        return id;
    }

    private void post(String path, String body, int expected) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            r.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            r.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException("POST " + path + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    /**
     * Makes {@link #topic} anew with {@code partitions} partitions while the route is stopped (the route's consumer
     * made it with the broker's default of 3 at start); the route stays stopped.
     */
    void recreateTopic(Admin admin, int partitions) throws Exception {
        camel().getRouteController().stopRoute(ROUTE);
        if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                // a deleted topic is gone from the controller a moment after deleteTopics answers
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> pc = new HashMap<>();
        pc.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pc.put(ProducerConfig.ACKS_CONFIG, "all");
        pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // an upstream system publishing thousands of events a second batches them: 5 ms is Kafka 4.0's default
        // (KIP-1030); with the 3.9 client's 0 every event is a request of its own to the broker
        pc.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        pc.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return pc;
    }

    static long committed(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    static long endOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(r -> r.offset()).sum();
    }

    /** A usage.threshold event that meets the campaign's condition. */
    static String matching(long i, String messageId, String msisdn, String time) {
        return pad("{\"messageId\":\"" + messageId + "\",\"type\":\"usage.threshold\",\"sourceSystem\":\"network\",\"time\":\""
                + time + "\",\"payload\":{\"msisdn\":\"" + msisdn + "\",\"metric\":\"DATA\",\"usedPercent\":"
                + (80 + i % 21)
                + ",\"periodEnd\":\"2026-12-31T23:59:59+08:00\",\"packageId\":\"PKG-DATA-30G", "\"}}");
    }

    /**
     * An event that meets no condition: every other one a usage.threshold below 80% (or of VOICE), the rest one of
     * the other §11 types in turn.
     */
    static String other(long i, String messageId, String msisdn, String time) {
        String head = "{\"messageId\":\"" + messageId + "\",\"type\":\"";
        if (i % 2 == 0) {
            String metric = i % 6 == 0 ? "\"VOICE\",\"usedPercent\":90" : "\"DATA\",\"usedPercent\":" + (i % 80);
            return pad(head + "usage.threshold\",\"sourceSystem\":\"network\",\"time\":\"" + time
                    + "\",\"payload\":{\"msisdn\":\"" + msisdn + "\",\"metric\":" + metric
                    + ",\"periodEnd\":\"2026-12-31T23:59:59+08:00\",\"packageId\":\"PKG-DATA-30G", "\"}}");
        }
        String[] type = OTHER_TYPES[(int) (i / 2 % OTHER_TYPES.length)];
        String extra = type[0].equals("recharge") ? "\"amountFen\":5000," : "";
        return pad(head + type[0] + "\",\"sourceSystem\":\"network\",\"time\":\"" + time + "\",\"payload\":{\"msisdn\":\""
                + msisdn + "\"," + extra + "\"" + type[1] + "\":\"X", "\"}}");
    }

    /** The envelope padded to {@link #ENVELOPE_BYTES} in its last text field. */
    private static String pad(String head, String tail) {
        int missing = ENVELOPE_BYTES - head.length() - tail.length();
        return missing <= 0 ? head + tail : head + "-".repeat(missing) + tail;
    }

    @Override
    public void close() throws Exception {
        try {
            hub.close();
        } finally {
            pg.close();
        }
    }
}

package com.carrier.hub.runtime.triggers;

import static com.carrier.hub.runtime.triggers.TriggerEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.carrier.hub.runtime.PackagedHub;
import com.carrier.hub.simulators.EmbeddedDatabase;
import com.carrier.hub.simulators.kafka.KafkaSimulator;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two hubs from the packaged jar on one database read hub.events.in (three partitions) as one consumer group (issue 17,
 * scale-out and "exactly once"): both take partitions and decide events, each customer's events (one key, one
 * partition) go to the one instance that owns its partition, and every event is decided once. Then events flow
 * through a kill -9 of one hub, which lands inside its decide transaction, after its writes and before its commit (the
 * database holds that transaction until the kill): its batch, uncommitted, comes again once the group has rebalanced,
 * the events published after the kill are decided by whichever instance owns their partition, and after its restart
 * every event is decided once and every customer gets one message. The broker, the SMSC and the database live in this
 * JVM and outlive the hubs.
 */
class TriggerScaleOutPackagedIT {

    private static final String ROOT = "root:root-pw";
    private static final String GROUP = "marketing-hub";
    private static final String SERVICE_CODE = "10658999";
    private static final int CUSTOMERS = 600;
    /** Customers whose event comes with both hubs up and the group stable; of the rest, half come before the kill, half after. */
    private static final int BEFORE = 100;
    /** Of the first customers, how many send a second event (within the cooldown) around the kill. */
    private static final int SECOND = 50;

    @TempDir
    Path work;

    private final KafkaSimulator kafka = new KafkaSimulator(TriggerEvents.TOPIC);
    private final SmscSimulator smsc = new SmscSimulator("hub", "scale-pw", 500);
    private final Map<String, PackagedHub> hubs = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    /** Every event published: messageId → customer; and each customer's partitions. */
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private final Map<String, Set<Integer>> partitions = new ConcurrentHashMap<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (PackagedHub h : hubs.values()) {
            h.kill();
        }
        smsc.stop();
        kafka.stop();
    }

    @Test
    void twoHubsShareTheTopicAndAKilledOneLosesNoEventAndDecidesNoneTwice() throws Exception {
        kafka.start();
        // receipts settle what a kill leaves SUBMITTING; the SMSC redelivers them until a bind takes them
        smsc.receiptDelay(Duration.ofMillis(50)).redelivery(Duration.ofSeconds(1), 120);
        smsc.start();
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("trigscale");
        for (String node : List.of("node-a", "node-b")) {
            hubs.put(node, new PackagedHub(Files.createDirectories(work.resolve(node)), hubArgs(db, node)));
        }
        // one after the other: the first creates the schema
        hub("node-a").start(Duration.ofSeconds(120));
        hub("node-b").start(Duration.ofSeconds(120));
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
        List<Object[]> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(new Object[] {m(i), "C" + m(i)});
        }
        jdbc.batchUpdate("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, update_time)"
                + " VALUES (?, ?, '客户', 'GOTONE', '591', 1, 3, now())", customers);
        String campaign = TriggerEvents.json(TriggerEvents.campaign("TS-1", SERVICE_CODE));
        ok(hub("node-a").send("POST", "/api/campaigns", ROOT, "application/json", campaign));
        ok(hub("node-a").send("POST", "/api/campaigns/TS-1/schedule", ROOT, null, null));
        ok(hub("node-a").send("POST", "/api/campaigns/TS-1/start", ROOT, null, null));
        // both members in the group, holding partitions, before the events come
        await().atMost(Duration.ofSeconds(60)).until(() -> assignment().size() == 2
                && assignment().values().stream().noneMatch(Set::isEmpty));
        Map<String, Set<Integer>> owners = assignment();

        try (KafkaProducer<String, String> producer = TriggerEvents.producer(kafka.bootstrapServers(), Map.of())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < BEFORE; i++) {
                sent.add(publish(producer, m(i), 85));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, "SELECT count(*) FROM trigger_event") == BEFORE);
            assertThat(assignment()).as("the group was stable while the events were decided").isEqualTo(owners);
            Map<String, Double> decided = new HashMap<>();
            for (String node : hubs.keySet()) {
                decided.put(node, decided(hub(node)));
            }
            assertThat(decided).as("each instance decided the events of its partitions")
                    .allSatisfy((node, n) -> assertThat(n).as(node).isPositive());
            assertThat(decided.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(BEFORE);
            assertThat(owners.values().stream().flatMap(Set::stream).toList()).as("each partition owned by one instance")
                    .containsExactlyInAnyOrder(0, 1, 2);

            // events flow through the kill of node-a: half of them before, half after. node-a is killed inside the
            // transaction deciding its share of the first half, after its writes, before its commit: the database holds
            // that transaction (once) until the kill has happened
            int middle = (BEFORE + CUSTOMERS) / 2;
            List<String> onNodeA = new ArrayList<>();
            for (int i = BEFORE; i < middle; i++) {
                if (owners.get("node-a").contains(partitionOf(m(i)))) {
                    onNodeA.add("'" + m(i) + "'");
                }
            }
            assertThat(onNodeA).isNotEmpty();
            jdbc.execute("CREATE SEQUENCE held_decisions");
            jdbc.execute("""
                    CREATE FUNCTION hold_decision() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF EXISTS (SELECT 1 FROM recorded WHERE msisdn IN (%s)) THEN
                        IF nextval('held_decisions') = 1 THEN
                          PERFORM pg_sleep(10);
                        END IF;
                      END IF;
                      RETURN NULL;
                    END $$""".formatted(String.join(", ", onNodeA)));
            jdbc.execute("CREATE TRIGGER hold_decision AFTER INSERT ON trigger_event REFERENCING NEW TABLE AS recorded"
                    + " FOR EACH STATEMENT EXECUTE FUNCTION hold_decision()");
            for (int i = BEFORE; i < middle; i++) {
                sent.add(publish(producer, m(i), 90));
                if (i - BEFORE < SECOND / 2) {
                    sent.add(publish(producer, m(i - BEFORE), 95));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc,
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%trigger_event%'") == 1);
            hub("node-a").kill();
            long decidedAtKill = count(jdbc, "SELECT count(*) FROM trigger_event");
            int publishedAtKill = published.size();
            assertThat(decidedAtKill).as("node-a's share of the first half was not committed when it died")
                    .isLessThan(publishedAtKill);
            for (int i = middle; i < CUSTOMERS; i++) {
                sent.add(publish(producer, m(i), 90));
                if (i - middle < SECOND / 2) {
                    sent.add(publish(producer, m(i - middle + SECOND / 2), 95));
                }
            }
            hub("node-a").start(Duration.ofSeconds(120));
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
            System.out.printf("trigger scale-out: node-a killed with %d events decided of %d published then, %d in all%n",
                    decidedAtKill, publishedAtKill, published.size());
        }

        await().atMost(Duration.ofSeconds(150)).until(() -> count(jdbc, "SELECT count(*) FROM trigger_event") == published.size()
                && count(jdbc, "SELECT count(*) FROM campaign_contact WHERE campaign_id = 'TS-1' AND status = 'SENT'") == CUSTOMERS);
        System.out.printf("trigger scale-out: contacts sent by %s%n", jdbc.queryForList(
                "SELECT coalesce(sent_by, '(none)') || ': ' || count(*) FROM campaign_contact GROUP BY sent_by", String.class));

        assertThat(jdbc.queryForList("SELECT message_id FROM trigger_event WHERE campaign_id = 'TS-1'", String.class))
                .as("every event decided once, none lost").containsExactlyInAnyOrderElementsOf(published.keySet());
        Map<String, Long> outcomes = jdbc.queryForList("SELECT outcome FROM trigger_event", String.class).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(outcomes).isEqualTo(Map.of("TREATMENT", (long) CUSTOMERS, "COOLDOWN", (long) SECOND));
        assertThat(count(jdbc, "SELECT count(*) FROM campaign_contact WHERE campaign_id = 'TS-1'")).isEqualTo(CUSTOMERS);
        Map<String, Long> messages = smsc.submits().stream().filter(SmscSimulator.Submit::accepted)
                .collect(Collectors.groupingBy(SmscSimulator.Submit::destination, Collectors.counting()));
        assertThat(messages).as("every customer got one message").hasSize(CUSTOMERS)
                .allSatisfy((msisdn, n) -> assertThat(n).as(msisdn).isEqualTo(1));
        assertThat(partitions).as("each customer's events in one partition, the one its key hashes to")
                .allSatisfy((msisdn, ps) -> assertThat(ps).containsExactly(partitionOf(msisdn)));
        assertThat(assignment().keySet()).as("both instances back in the group").hasSize(2);
    }

    private Future<RecordMetadata> publish(KafkaProducer<String, String> producer, String msisdn, int usedPercent) {
        String id = "ev-" + java.util.UUID.randomUUID();
        published.put(id, msisdn);
        return producer.send(usage(id, msisdn, usedPercent), (meta, e) -> {
            if (meta != null) {
                partitions.computeIfAbsent(msisdn, k -> ConcurrentHashMap.newKeySet()).add(meta.partition());
            }
        });
    }

    /** The partition of hub.events.in a record keyed by this customer goes to (Kafka's default partitioner). */
    private static int partitionOf(String msisdn) {
        return Utils.toPositive(Utils.murmur2(msisdn.getBytes(StandardCharsets.UTF_8))) % 3;
    }

    /** The group's members by client id (the hub's instance id), each with its partitions of hub.events.in. */
    private Map<String, Set<Integer>> assignment() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS)
                    .get(GROUP);
            Map<String, Set<Integer>> members = new HashMap<>();
            for (MemberDescription member : group.members()) {
                Set<Integer> ps = new HashSet<>();
                for (TopicPartition tp : member.assignment().topicPartitions()) {
                    ps.add(tp.partition());
                }
                members.merge(member.clientId(), ps, (a, b) -> {
                    a.addAll(b);
                    return a;
                });
            }
            return members;
        }
    }

    /** Events the instance decided (metric hub.triggers.events, stage decided). */
    private double decided(PackagedHub hub) throws Exception {
        JsonNode metric = json.readTree(hub.get("/actuator/metrics/hub.triggers.events?tag=stage:decided", ROOT));
        return metric.get("measurements").get(0).get("value").asDouble();
    }

    private List<String> hubArgs(EmbeddedDatabase.Database db, String node) throws Exception {
        Path dir = work.resolve(node);
        Files.createDirectories(dir.resolve("plugins"));
        Path routes = Files.createDirectories(dir.resolve("routes"));
        for (String file : List.of("network-events-to-triggered-campaigns.yaml", "campaign-dispatch.yaml", "responses-to-ledger.yaml")) {
            Files.copy(Path.of("../../routes", file), routes.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        return List.of(
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--hub.security.users.root.password=root-pw", "--hub.security.users.root.roles=ADMIN",
                "--hub.connectors.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--hub.connectors.kafka.client-id=" + node,
                "--hub.connectors.sms.host=127.0.0.1", "--hub.connectors.sms.port=" + smsc.port(),
                "--hub.connectors.sms.system-id=hub", "--hub.connectors.sms.password=scale-pw",
                "--hub.connectors.sms.licensed-rate=500",
                "--hub.connectors.portal.enabled=false", "--hub.connectors.mmstore.enabled=false",
                "--hub.instance.id=" + node, "--hub.routes.dir=" + routes,
                "--hub.campaigns.dispatch.interval=200ms", "--hub.ledger.interval=1s", "--hub.ledger.receipt-window=60s");
    }

    private PackagedHub hub(String node) {
        return hubs.get(node);
    }

    private static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private static String m(int n) {
        return "1390000" + String.format("%04d", n);
    }
}

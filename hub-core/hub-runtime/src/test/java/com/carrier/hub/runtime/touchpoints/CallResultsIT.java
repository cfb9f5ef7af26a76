package com.carrier.hub.runtime.touchpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.connector.boss.order.BossOrderClient;
import com.carrier.hub.connector.boss.order.BossOrderProperties;
import com.carrier.hub.runtime.OfflineTouchpoints;
import com.carrier.hub.runtime.ledger.BossOrderRequests;
import com.carrier.hub.runtime.ledger.ResponseCorrelator;
import com.carrier.hub.simulators.boss.BossOrderSimulator;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.sftp.CallCentreAgent;
import com.carrier.hub.simulators.sftp.CallCentreSftpSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The call centre's results (PEERS §9.2) through the shipped route {@code call-centre-results-to-ledger} as an admin
 * reads it: CALL_RESULT pairs dropped on the call centre's SFTP server (MINA SSHD) are verified by the batch-file
 * engine, their rows checked against the tasks the hub issued (contacts of campaigns on the CALL touchpoint declared in
 * configuration, whose task files the shipped route {@code campaign-contacts-to-call-centre} writes to {@code /cc/in}),
 * stored as CALL response events, correlated and evaluated, with the reject file, quarantine, the pair's move on the
 * server and the reconciliation at {@code GET /api/files}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.database.embedded=true",
        "hub.routes.retry.initial-delay=10ms",
        "hub.security.users.admin.password=admin",
        "hub.security.users.admin.roles=ADMIN",
        "hub.campaigns.channel-order.3=CALL,SMS",
        "hub.connectors.kafka.enabled=false",
        "hub.connectors.sms.enabled=false",
        "hub.connectors.portal.enabled=false",
        "hub.connectors.mmstore.enabled=false",
        // the files of these tests are a handful of rows with several bad ones each
        "hub.touchpoints.results.CALL.feed.reject-threshold=0.9",
})
@Import(OfflineTouchpoints.class)
class CallResultsIT {

    static final Charset GBK = Charset.forName("GBK");
    static final String OUT = "/cc/out";
    static final CallCentreSftpSimulator CALL_CENTRE = new CallCentreSftpSimulator();
    static final AtomicInteger SEQ = new AtomicInteger();

    @DynamicPropertySource
    static void callCentre(DynamicPropertyRegistry registry) throws IOException {
        CALL_CENTRE.start();
        // the route files as shipped that the call centre needs, alone in the routes folder of this context: the campaign
        // dispatch, the call tasks out, the call results in
        Path routes = Files.createTempDirectory("call-routes-");
        for (String route : List.of("campaign-dispatch.yaml", "campaign-contacts-to-call-centre.yaml",
                "call-centre-results-to-ledger.yaml")) {
            Files.copy(Path.of("../../routes", route), routes.resolve(route));
        }
        registry.add("hub.routes.dir", routes::toString);
        CALL_CENTRE.connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("hub.peers.call-centre.poll-delay", () -> "300ms");
    }

    @AfterAll
    static void stopCallCentre() {
        CALL_CENTRE.close();
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResponseCorrelator correlator;
    @Autowired
    BossOrderRequests orders;

    @Test
    void aGoodFileIsStoredAttributedAndEvaluatedAndAnAcceptPlacesTheBossOrder() throws Exception {
        Map<String, Object> c = campaign(0);
        c.put("autoOrder", true);
        String id = (String) c.get("id");
        List<String> m = run(c, 5);

        String file = drop(List.of(
                row(id, m.get(0), "ACCEPTED", "A001", "要了"),
                row(id, m.get(1), "DECLINED", "A001", ""),
                row(id, m.get(2), "NO_ANSWER", "A002", ""),
                row(id, m.get(3), "CALL_BACK", "A002", "明天再打"),
                row(id, m.get(4), "UNREACHABLE", "A003", "")));

        JsonNode rec = reconciled(file);
        assertThat(rec.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(rec.path("feed").asText()).isEqualTo("call-result");
        assertThat(rec.path("rowsRead").asLong()).isEqualTo(5);
        assertThat(rec.path("rowsAccepted").asLong()).isEqualTo(5);
        assertThat(rec.path("rowsRejected").asLong()).isZero();
        assertThat(CALL_CENTRE.list(OUT + "/done")).contains(file, FeedFiles.controlName(file)).doesNotContain(rej(file));
        assertThat(CALL_CENTRE.list(OUT)).doesNotContain(file);

        assertThat(jdbc.queryForList("SELECT msisdn || ':' || type || ':' || detail FROM response_event"
                        + " WHERE channel = 'CALL' AND source = 'call-centre' AND campaign_id = ? ORDER BY msisdn", String.class, id))
                .containsExactly(m.get(0) + ":ACCEPTED:ACCEPTED agent_id=A001 note=要了", m.get(1) + ":DECLINED:DECLINED agent_id=A001",
                        m.get(2) + ":UNDELIVERED:NO_ANSWER agent_id=A002", m.get(3) + ":DELIVERED:CALL_BACK agent_id=A002 note=明天再打",
                        m.get(4) + ":UNDELIVERED:UNREACHABLE agent_id=A003");

        correlator.correlate();
        assertThat(jdbc.queryForList("SELECT msisdn FROM campaign_contact WHERE campaign_id = ? AND responded ORDER BY msisdn",
                String.class, id)).containsExactly(m.get(0), m.get(1));
        assertThat(jdbc.queryForList("SELECT msisdn || ':' || outcome || ':' || accepted FROM response_attribution"
                + " WHERE campaign_id = ? AND type = 'ACCEPTED'", String.class, id)).containsExactly(m.get(0) + ":ATTRIBUTED:true");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode total = admin().getForEntity("/api/campaigns/" + id + "/evaluation", JsonNode.class).getBody().path("total");
            assertThat(total.path("sent").asLong()).isEqualTo(5);
            assertThat(total.path("responded").asLong()).isEqualTo(2);
        });

        // ACCEPTED of an autoOrder campaign → one BOSS order request, as an SMS accept keyword gives
        orders.enqueue();
        assertThat(jdbc.queryForList("SELECT request_id FROM boss_order_request WHERE campaign_id = ?", String.class, id))
                .containsExactly(id + ":" + m.get(0));
        BossOrderSimulator boss = new BossOrderSimulator();
        boss.start();
        try {
            BossOrderProperties p = new BossOrderProperties();
            p.setUrl(URI.create(boss.url()));
            orders.send(new BossOrderClient(p));
            assertThat(boss.received()).extracting(BossOrderSimulator.Received::requestId).contains(id + ":" + m.get(0));
            assertThat(jdbc.queryForObject("SELECT status FROM boss_order_request WHERE request_id = ?", String.class,
                    id + ":" + m.get(0))).isEqualTo("ACCEPTED");
        } finally {
            boss.stop();
        }
    }

    @Test
    void rowsTheHubNeverIssuedABadCodeAndAnotherCustomerAreRejectedAndTheRestPublished() throws Exception {
        Map<String, Object> c = campaign(50);
        String id = (String) c.get("id");
        run(c, 24); // a 50% control group of 24 leaves at least 3 treatment and 1 control customers (odds 1 in 50,000 against)
        List<String> treatment = jdbc.queryForList("SELECT msisdn FROM campaign_contact WHERE campaign_id = ? AND status = 'SENT'"
                + " ORDER BY msisdn", String.class, id);
        List<String> control = jdbc.queryForList("SELECT msisdn FROM campaign_contact WHERE campaign_id = ? AND status = 'CONTROL'"
                + " ORDER BY msisdn", String.class, id);
        assertThat(treatment).hasSizeGreaterThanOrEqualTo(3);
        assertThat(control).isNotEmpty();
        String t0 = treatment.get(0);
        String t1 = treatment.get(1);
        String t2 = treatment.get(2);

        List<String> lines = List.of(
                row(id, t0, "ACCEPTED", "A001", ""),
                row("NO-SUCH-CAMPAIGN", t1, "DECLINED", "A001", ""),   // a task the hub never issued
                row(id, t1, "MAYBE", "A001", ""),                      // not a declared result code
                row(id, control.get(0), "DECLINED", "A002", ""),       // a control customer: never called
                row(id, t2, "ACCEPTED", "A002", "").replaceFirst("\\|" + t2 + "\\|", "|" + t1 + "|"), // another customer
                "just-a-key|" + t1 + "|DECLINED|" + now() + "|A002|",  // not campaignId:msisdn
                row(id, t1, "DECLINED", "A003", ""));
        String file = drop(lines);

        JsonNode rec = reconciled(file);
        assertThat(rec.path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(rec.path("rowsRead").asLong()).isEqualTo(7);
        assertThat(rec.path("rowsRejected").asLong()).isEqualTo(5);
        assertThat(rec.path("rowsAccepted").asLong()).isEqualTo(2);
        assertThat(rec.path("detail").asText()).contains("rejected 5 of 7 rows; first: line 2 UNKNOWN_TASK");
        assertThat(Files.readAllLines(CALL_CENTRE.local(OUT + "/done").resolve(rej(file)), GBK)).containsExactly(
                "2|UNKNOWN_TASK|" + lines.get(1),
                "3|BAD_RESULT|" + lines.get(2),
                "4|UNKNOWN_TASK|" + lines.get(3),
                "5|MSISDN_MISMATCH|" + lines.get(4),
                "6|UNKNOWN_TASK|" + lines.get(5));
        assertThat(jdbc.queryForList("SELECT msisdn || ':' || type FROM response_event WHERE channel = 'CALL'"
                + " AND (campaign_id = ? OR msisdn IN (?, ?, ?)) ORDER BY msisdn", String.class, id, t1, t2, control.get(0)))
                .containsExactlyInAnyOrder(t0 + ":ACCEPTED", t1 + ":DECLINED");
    }

    @Test
    void theSameResultInTheSameFileAndALaterFileIsStoredOnce() throws Exception {
        Map<String, Object> c = campaign(0);
        String id = (String) c.get("id");
        List<String> m = run(c, 2);
        String same = row(id, m.get(0), "DECLINED", "A001", "");

        String first = drop(List.of(same, same, row(id, m.get(1), "NO_ANSWER", "A001", "")));
        assertThat(reconciled(first).path("outcome").asText()).isEqualTo("ACCEPTED");
        String later = drop(List.of(same, row(id, m.get(1), "ACCEPTED", "A002", "")));
        assertThat(reconciled(later).path("outcome").asText()).isEqualTo("ACCEPTED");

        assertThat(jdbc.queryForList("SELECT msisdn || ':' || type FROM response_event WHERE campaign_id = ? ORDER BY msisdn, type",
                String.class, id)).containsExactly(m.get(0) + ":DECLINED", m.get(1) + ":ACCEPTED", m.get(1) + ":UNDELIVERED");
        correlator.correlate();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_attribution WHERE campaign_id = ? AND msisdn = ?",
                Long.class, id, m.get(0))).isEqualTo(1);
    }

    @Test
    void doNotCallOptsTheCustomerOutOfCallAtOnceAndTheNextCampaignExcludesThem() throws Exception {
        Map<String, Object> first = campaign(0);
        String id = (String) first.get("id");
        List<String> m = run(first, 2);

        String file = drop(List.of(row(id, m.get(0), "DO_NOT_CALL", "A001", "客户要求不再来电"),
                row(id, m.get(1), "DECLINED", "A001", "")));
        assertThat(reconciled(file).path("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(jdbc.queryForList("SELECT channel || ':' || source FROM channel_optout WHERE msisdn = ?", String.class, m.get(0)))
                .containsExactly("CALL:call-centre");
        assertThat(jdbc.queryForObject("SELECT type FROM response_event WHERE campaign_id = ? AND msisdn = ?", String.class,
                id, m.get(0))).isEqualTo("UNSUBSCRIBED");

        Map<String, Object> next = campaign(0);
        String nextId = (String) next.get("id");
        CampaignRun.start(rest, next, m);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT msisdn || ':' || status || ':' || coalesce(reason, '') FROM campaign_contact WHERE campaign_id = ?"
                        + " ORDER BY msisdn", String.class, nextId))
                // the other customer, called by the first campaign a moment ago, is held by the fatigue rule instead,
                // which comes after the opt-out (PEERS §7.2): the opt-out is the first customer's alone
                .containsExactly(m.get(0) + ":EXCLUDED:CHANNEL_OPTOUT", m.get(1) + ":EXCLUDED:RECENT_SIMILAR"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM channel_optout WHERE msisdn = ?", Long.class, m.get(1))).isZero();
    }

    @Test
    void aBadControlFileQuarantinesTheWholeFileWithItsReason() throws Exception {
        Map<String, Object> c = campaign(0);
        String id = (String) c.get("id");
        List<String> m = run(c, 2);
        String name = nextName();
        Path tmp = Files.createTempDirectory(CALL_CENTRE.root(), ".test-");
        FeedFiles.write(tmp, name, GBK, List.of(row(id, m.get(0), "ACCEPTED", "A001", ""), row(id, m.get(1), "DECLINED", "A001", "")));
        String control = Files.readString(tmp.resolve(FeedFiles.controlName(name)), GBK).replace(name + "|2|", name + "|3|");
        Files.writeString(tmp.resolve(FeedFiles.controlName(name)), control, GBK);
        publish(tmp, name);

        JsonNode rec = reconciled(name);
        assertThat(rec.path("outcome").asText()).isEqualTo("QUARANTINED");
        assertThat(rec.path("reason").asText()).isEqualTo("COUNT_MISMATCH");
        assertThat(rec.path("detail").asText()).contains("control file " + FeedFiles.controlName(name) + " says 3 rows, data has 2");
        assertThat(rec.path("rowsAccepted").asLong()).isZero();
        Path quarantine = CALL_CENTRE.local(OUT + "/quarantine");
        assertThat(CALL_CENTRE.list(OUT + "/quarantine")).contains(name, FeedFiles.controlName(name),
                name.replace(".dat", ".reason"));
        assertThat(Files.readString(quarantine.resolve(name.replace(".dat", ".reason")), StandardCharsets.UTF_8))
                .contains("COUNT_MISMATCH");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE campaign_id = ?", Long.class, id)).isZero();
    }

    @Test
    void theSimulatedCallCentreAnswersTheIssuedTasksAndItsResultsReachTheLedger() throws Exception {
        Map<String, Object> c = campaign(0);
        String id = (String) c.get("id");
        List<String> m = run(c, 40);
        // the campaign's task file, as the hub wrote it to /cc/in (PEERS §9.1)
        assertThat(CALL_CENTRE.tasksReceived()).anyMatch(f -> f.startsWith("CALL_" + id + "_"));

        CallCentreAgent agent = new CallCentreAgent(CALL_CENTRE.root()).answering(0.8);
        List<CallCentreAgent.Result> answered = agent.answerNewTasks().stream()
                .filter(r -> r.taskId().startsWith(id + ":")).toList();
        assertThat(agent.answerNewTasks()).as("a task file is answered once").isEmpty();
        assertThat(answered).isNotEmpty().allMatch(r -> r.result().equals(CallCentreAgent.resultFor(r.msisdn(), 0.8)));
        assertThat(answered).hasSize((int) m.stream().filter(x -> CallCentreAgent.resultFor(x, 0.8) != null).count());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM response_event WHERE campaign_id = ?", Long.class, id)).isEqualTo(answered.size()));
        Map<String, String> types = Map.of("ACCEPTED", "ACCEPTED", "DECLINED", "DECLINED", "NO_ANSWER", "UNDELIVERED",
                "UNREACHABLE", "UNDELIVERED", "CALL_BACK", "DELIVERED", "DO_NOT_CALL", "UNSUBSCRIBED");
        assertThat(jdbc.queryForList("SELECT msisdn || ':' || type FROM response_event WHERE campaign_id = ?", String.class, id))
                .containsExactlyInAnyOrderElementsOf(answered.stream().map(r -> r.msisdn() + ":" + types.get(r.result())).toList());
    }

    // --- helpers

    private List<String> run(Map<String, Object> campaign, int customers) {
        String id = (String) campaign.get("id");
        List<String> msisdns = CampaignRun.customers(jdbc, "137", customers, 3);
        CampaignRun.start(rest, campaign, msisdns);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .hasSize(customers).containsAnyOf("SENT", "CONTROL").allMatch(s -> s.equals("SENT") || s.equals("CONTROL")));
        return msisdns.stream().sorted().toList();
    }

    private static Map<String, Object> campaign(int controlPercent) {
        String id = "CC-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Map<String, Object> c = new HashMap<>(Map.of("id", id, "name", "call results", "type", "PROMOTION", "productId", "P-" + id,
                "channels", List.of("CALL"), "templates", Map.of("CALL", Map.of("script", "您好${name}")),
                "start", now.minusMinutes(1).toString(), "end", now.plusDays(3).toString()));
        c.put("controlPercent", controlPercent);
        // a call waits out quiet hours: a minute's window six hours away never holds these tests, at any hour
        LocalTime quiet = LocalTime.now(HubTime.ZONE).plusHours(6).truncatedTo(ChronoUnit.MINUTES);
        c.put("quietHours", Map.of("start", quiet.toString(), "end", quiet.plusMinutes(1).toString()));
        return c;
    }

    private static String row(String campaignId, String msisdn, String result, String agent, String note) {
        return campaignId + ":" + msisdn + "|" + msisdn + "|" + result + "|" + now() + "|" + agent + "|" + note;
    }

    private static String now() {
        return DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(OffsetDateTime.now(HubTime.ZONE));
    }

    /** The next sequence number of the day that the call centre's server has not seen (the agent numbers its files too). */
    private static String nextName() {
        while (true) {
            String name = "CALL_RESULT_" + now().substring(0, 8) + "_" + String.format("%04d", SEQ.incrementAndGet()) + ".dat";
            if (Stream.of(OUT, OUT + "/done", OUT + "/quarantine").noneMatch(d -> CALL_CENTRE.list(d).contains(name))) {
                return name;
            }
        }
    }

    /** Writes a good pair and puts it on the server as the call centre does: data file first, control file last. */
    private static String drop(List<String> lines) throws IOException {
        String name = nextName();
        Path tmp = Files.createTempDirectory(CALL_CENTRE.root(), ".test-");
        FeedFiles.write(tmp, name, GBK, lines);
        publish(tmp, name);
        return name;
    }

    private static void publish(Path tmp, String name) throws IOException {
        Path out = CALL_CENTRE.local(OUT);
        Files.move(tmp.resolve(name), out.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp.resolve(FeedFiles.controlName(name)), out.resolve(FeedFiles.controlName(name)), StandardCopyOption.ATOMIC_MOVE);
        try (Stream<Path> left = Files.list(tmp)) {
            if (left.findAny().isEmpty()) {
                Files.delete(tmp);
            }
        }
    }

    private static String rej(String name) {
        return name.replace(".dat", ".rej");
    }

    /** The file's reconciliation record at GET /api/files, once the hub has decided it. */
    private JsonNode reconciled(String name) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode items = admin().getForEntity("/api/files?feed=call-result&size=500", JsonNode.class).getBody().path("items");
            found[0] = null;
            for (JsonNode i : items) {
                if (i.path("fileName").asText().equals(name) && !i.path("outcome").asText().equals("FAILED")) {
                    found[0] = i;
                }
            }
            assertThat(found[0]).as("%s at GET /api/files", name).isNotNull();
            assertThat(CALL_CENTRE.list(OUT)).doesNotContain(name);
        });
        return found[0];
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}

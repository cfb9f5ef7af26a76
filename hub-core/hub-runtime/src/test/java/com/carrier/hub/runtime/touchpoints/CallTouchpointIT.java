package com.carrier.hub.runtime.touchpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.batchfile.ControlFile;
import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.sftp.CallCentreAgent;
import com.carrier.hub.simulators.sftp.CallCentreSftpSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The CALL touchpoint, declared in configuration (hub.touchpoints.declared.CALL) and served by the shipped route
 * campaign-contacts-to-call-centre, against the sandbox's call-centre SFTP server (PEERS §9.1): treatment customers
 * (never the control group) become rows of CALL_<campaignId>_<yyyyMMdd>_<seq4>.dat with a control file that matches it;
 * the daily capacity, quiet hours and the send interval hold; the server down leaves contacts waiting, then each is
 * written once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms",
                "hub.campaigns.channel-order.2=CALL,SMS,PORTAL",
                "hub.campaigns.channel-order.5=SMS,CALL",
                "hub.campaigns.dispatch.retry-after=1s",
                "hub.peers.call-centre.connect-timeout=2s",
                "hub.sandbox.call-centre.answer-every=1s"})
@ActiveProfiles("sandbox")
class CallTouchpointIT {

    private static final Charset GBK = Charset.forName("GBK");

    @Autowired
    SandboxPeers sandboxPeers;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ChannelPreferences preferences;

    private CallCentreSftpSimulator centre() {
        return sandboxPeers.peer(CallCentreSftpSimulator.class).orElseThrow();
    }

    @AfterEach
    void restore() throws Exception {
        preferences.getDailyCapacity().remove("CALL");
        if (!centre().isRunning()) {
            centre().start();
        }
    }

    @Test
    void treatmentCustomersBecomeOneTaskFileWithItsControlFileUpToTheDailyCapacity() throws Exception {
        List<String> msisdns = CampaignRun.customers(jdbc, "137", 30, 2);
        Map<String, Object> c = campaign(List.of("CALL"), 20, false);
        String id = (String) c.get("id");
        OffsetDateTime end = OffsetDateTime.parse((String) c.get("end"));
        // today's CALL contacts so far (other tests of this class) plus 12 more
        long usedToday = jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE channel = 'CALL' AND contacted_at >= ?",
                Long.class, java.sql.Timestamp.from(java.time.LocalDate.now(HubTime.ZONE).atStartOfDay(HubTime.ZONE).toInstant()));
        preferences.getDailyCapacity().put("CALL", usedToday + 12);
        CampaignRun.start(rest, c, msisdns);

        await().atMost(Duration.ofSeconds(60)).until(() -> files(id).size() == 1);
        List<String> control = jdbc.queryForList("SELECT msisdn FROM campaign_contact WHERE campaign_id = ? AND grp = 'C'",
                String.class, id);
        assertThat(control).as("a 20% control group of 30").isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status FROM campaign_contact WHERE campaign_id = ? AND grp = 'T' AND status = 'SENT'", String.class, id))
                .hasSize(12));
        String name = files(id).get(0);
        assertThat(name).matches("CALL_" + id + "_\\d{8}_0001\\.dat");
        byte[] data = Files.readAllBytes(centre().local(CallCentreSftpSimulator.TASKS).resolve(name));
        ControlFile chk = ControlFile.parse(Files.readAllBytes(centre().local(CallCentreSftpSimulator.TASKS)
                .resolve(ControlFile.nameFor(name))), GBK, name);
        List<String> rows = new String(data, GBK).lines().toList();
        assertThat(chk.dataFileName()).isEqualTo(name);
        assertThat(chk.recordCount()).isEqualTo(12);
        assertThat(chk.byteSize()).isEqualTo(data.length);
        assertThat(chk.md5()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));
        String callBefore = end.atZoneSameInstant(HubTime.ZONE).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        List<String> called = new ArrayList<>();
        for (String row : rows) {
            String[] f = row.split("\\|", -1);
            assertThat(f).as(row).containsExactly(id + ":" + f[1], f[1], "客户", "591", "尊敬的客户，您的流量包可升级", "3", callBefore);
            called.add(f[1]);
        }
        assertThat(called).hasSize(12).doesNotHaveDuplicates().doesNotContainAnyElementsOf(control);
        assertThat(jdbc.queryForList("SELECT msisdn FROM campaign_contact WHERE campaign_id = ? AND status = 'SENT'",
                String.class, id)).containsExactlyInAnyOrderElementsOf(called);
        // the rest of the treatment waits (the capacity is used up, the next file is an interval away), none lost
        assertThat(jdbc.queryForList("SELECT status FROM campaign_contact WHERE campaign_id = ? AND grp = 'T'"
                + " AND status <> 'SENT'", String.class, id)).hasSize(30 - control.size() - 12).isSubsetOf("PENDING", "DEFERRED");
    }

    @Test
    void aSecondListWithinTheSendIntervalWritesNoNewFileForThatCampaign() {
        List<String> first = CampaignRun.customers(jdbc, "137", 3, 2);
        Map<String, Object> c = campaign(List.of("CALL"), 0, false);
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, first);
        await().atMost(Duration.ofSeconds(60)).until(() -> files(id).size() == 1);

        List<String> second = CampaignRun.customers(jdbc, "137", 2, 2);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        StringBuilder list = new StringBuilder();
        second.forEach(m -> list.append(m).append("|S||||\n"));
        ResponseEntity<String> accepted = rest.withBasicAuth("admin", "admin").postForEntity("/api/campaigns/" + id
                + "/targets?listId=L2", new HttpEntity<>(list.toString().getBytes(StandardCharsets.UTF_8), h), String.class);
        assertThat(accepted.getStatusCode().is2xxSuccessful()).as(accepted.getBody()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND list_id = 'L2' AND status = 'PENDING'",
                Long.class, id) == 2);
        // several dispatch rounds (one a second) pass: the second list waits for the interval (1h) to end
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> files(id).size() == 1
                && jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND list_id = 'L2'"
                        + " AND status = 'PENDING'", Long.class, id) == 2);
    }

    @Test
    void quietHoursHoldCallContacts() {
        List<String> msisdns = CampaignRun.customers(jdbc, "137", 2, 2);
        Map<String, Object> c = campaign(List.of("CALL"), 0, true);
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, msisdns);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status || ':' || reason FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .hasSize(2).containsOnly("DEFERRED:QUIET_HOURS"));
        assertThat(files(id)).isEmpty();
    }

    @Test
    void theClassOrderChoosesBetweenCallAndSms() {
        List<String> callFirst = CampaignRun.customers(jdbc, "137", 2, 2);
        List<String> smsFirst = CampaignRun.customers(jdbc, "137", 2, 5);
        List<String> all = new ArrayList<>(callFirst);
        all.addAll(smsFirst);
        Map<String, Object> c = campaign(List.of("CALL", "SMS"), 0, false);
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, all);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT msisdn || ':' || channel || ':' || status FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .containsExactlyInAnyOrder(callFirst.get(0) + ":CALL:SENT", callFirst.get(1) + ":CALL:SENT",
                        smsFirst.get(0) + ":SMS:SENT", smsFirst.get(1) + ":SMS:SENT"));
        assertThat(files(id)).hasSize(1);
    }

    @Test
    void aCallTemplateWithoutTheScriptIsRefusedNamingTheField() {
        Map<String, Object> c = campaign(List.of("CALL"), 0, false);
        c.put("templates", Map.of("CALL", Map.of("priority", "3")));
        ResponseEntity<JsonNode> r = rest.withBasicAuth("admin", "admin").postForEntity("/api/campaigns", c, JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().toString()).contains("templates.CALL.script");
    }

    @Test
    void theCallCentreDownLeavesContactsWaitingThenEachTaskIsWrittenOnce() throws Exception {
        List<String> msisdns = CampaignRun.customers(jdbc, "137", 4, 2);
        centre().stop();
        Map<String, Object> c = campaign(List.of("CALL"), 0, false);
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, msisdns);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status || ':' || reason FROM campaign_contact WHERE campaign_id = ?", String.class, id))
                .hasSize(4).containsOnly("PENDING:ENDPOINT_FAILED"));
        JsonNode down = rest.withBasicAuth("admin", "admin").getForObject("/api/touchpoints", JsonNode.class);
        assertThat(down).anySatisfy(t -> {
            assertThat(t.path("id").asText()).isEqualTo("CALL");
            assertThat(t.at("/health/status").asText()).isEqualTo("DOWN");
        });

        centre().start();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT status FROM campaign_contact WHERE campaign_id = ?", String.class, id)).hasSize(4).containsOnly("SENT"));
        List<String> tasks = new ArrayList<>();
        for (String f : files(id)) {
            for (String row : Files.readAllLines(centre().local(CallCentreSftpSimulator.TASKS).resolve(f), GBK)) {
                tasks.add(row.split("\\|")[0]);
            }
        }
        assertThat(tasks).as("no task twice across the files").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(msisdns.stream().map(m -> id + ":" + m).toList());
    }

    @Test
    void theSandboxCallCentreAnswersItsTasksAndTheResultsReachTheLedger() {
        List<String> msisdns = CampaignRun.customers(jdbc, "137", 20, 2);
        Map<String, Object> c = campaign(List.of("CALL"), 0, false);
        String id = (String) c.get("id");
        CampaignRun.start(rest, c, msisdns);
        await().atMost(Duration.ofSeconds(60)).until(() -> files(id).size() == 1);

        // the simulated agents (SandboxCallCentre) answer 80% of the tasks, each customer's result fixed by the MSISDN
        Map<String, String> types = Map.of("ACCEPTED", "ACCEPTED", "DECLINED", "DECLINED", "NO_ANSWER", "UNDELIVERED",
                "UNREACHABLE", "UNDELIVERED", "CALL_BACK", "DELIVERED", "DO_NOT_CALL", "UNSUBSCRIBED");
        List<String> expected = msisdns.stream().filter(m -> CallCentreAgent.resultFor(m, 0.8) != null)
                .map(m -> m + ":" + types.get(CallCentreAgent.resultFor(m, 0.8))).toList();
        assertThat(expected).isNotEmpty();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT msisdn || ':' || type FROM response_event WHERE campaign_id = ? AND channel = 'CALL'"
                        + " AND source = 'call-centre'", String.class, id)).containsExactlyInAnyOrderElementsOf(expected));
    }

    /** The complete task files of the campaign on the call centre's server. */
    private List<String> files(String campaignId) {
        return centre().tasksReceived().stream().filter(f -> f.startsWith("CALL_" + campaignId + "_")).toList();
    }

    /** A campaign over these channels; its quiet hours cover now, or are hours away from now. */
    private static Map<String, Object> campaign(List<String> channels, int controlPercent, boolean quietNow) {
        String id = "CC" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        LocalTime local = LocalTime.now(HubTime.ZONE).truncatedTo(ChronoUnit.MINUTES);
        Map<String, Object> t = new HashMap<>();
        if (channels.contains("CALL")) {
            t.put("CALL", Map.of("script", "尊敬的${name}，您的流量包可升级", "priority", "3"));
        }
        if (channels.contains("SMS")) {
            t.put("SMS", Map.of("text", "尊敬的${name}，流量包 5 折"));
        }
        Map<String, Object> c = new HashMap<>(Map.of("id", id, "name", "outbound calls", "type", "PROMOTION",
                "productId", "P-" + id, "channels", channels, "templates", t,
                "start", now.minusMinutes(1).toString(), "end", now.plusDays(3).truncatedTo(ChronoUnit.SECONDS).toString()));
        c.put("controlPercent", controlPercent);
        c.put("sourceAddress", "10658001");
        c.put("quietHours", quietNow
                ? Map.of("start", local.minusHours(1).toString(), "end", local.plusHours(1).toString())
                : Map.of("start", local.plusHours(3).toString(), "end", local.plusHours(4).toString()));
        return c;
    }
}

package com.carrier.hub.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sandbox as ./hub starts it, its customers quick to answer (2 to 6 s) and keen (40% of the contacted order, 10% of
 * the others): the demo campaign SANDBOX-DEMO is created and started at start-up, the warehouse drops its target list
 * of the BOSS day's customers, its SMS and portal offers go out through the simulators, the customers reply by MO
 * (the accept keyword, other text, TD) and click on the portal, and BOSS's order files carry their orders through the
 * shipped route; the ledger attributes all of it, the treatment group converts more than the control group, and the
 * evaluation shows the lift with its confidence interval. The sandbox starting again on the same database creates no
 * second campaign and drops no second list; no log line shows an MSISDN that answered. MM customers download about
 * the configured share of what MM recommends to them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.connectors.boss.poll-delay=500",
                "hub.connectors.warehouse.poll-delay=500", "hub.ledger.interval=1s",
                // a context of its own: it must not take the campaign files CampaignFilesIT drops in the shared inbox
                "hub.campaigns.inbox-dir=target/sandbox-customers-it/inbox",
                // on here, off in the other tests' sandboxes (src/test/resources/config/application-sandbox.yaml)
                "hub.sandbox.customers.enabled=true", "hub.sandbox.customers.min-delay=2s",
                "hub.sandbox.customers.max-delay=6s", "hub.sandbox.customers.order-file-every=2s",
                "hub.sandbox.customers.demo-targets=1500", "hub.sandbox.customers.order-share-contacted=0.4",
                "hub.sandbox.customers.order-share-not-contacted=0.1"})
@ActiveProfiles("sandbox")
@ExtendWith(OutputCaptureExtension.class)
// closed after this class: a cached context would go on answering contacts of the other tests' campaigns
@DirtiesContext
class SandboxCustomersIT {

    private static final String ID = SandboxDemoCampaign.ID;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SandboxDemoCampaign demo;
    @Autowired
    SandboxPeers peers;
    @Autowired
    AppCatalog catalog;

    @Test
    void theDemoCampaignsCustomersAnswerOrderAndShowALiftWithItsInterval(CapturedOutput output) throws IOException {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode lift = evaluation().at("/total/lift");
            return lift.has("ciLow") && !lift.has("notMeasurable") && attributed("ORDERED", "C") > 0;
        });

        JsonNode campaign = admin().getForObject("/api/campaigns/" + ID, JsonNode.class);
        assertThat(campaign.get("status").asText()).isEqualTo("RUNNING");
        assertThat(campaign.at("/progress/targeted").asLong()).isEqualTo(1500);
        assertThat(campaign.at("/progress/contacted").asLong()).isPositive();
        assertThat(campaign.at("/progress/control").asLong()).as("a control group of about 10%").isBetween(75L, 225L);
        assertThat(campaign.at("/progress/byChannel").has("SMS")).isTrue();
        assertThat(campaign.at("/progress/byChannel").has("PORTAL")).isTrue();

        // the customers' answers, attributed to the demo's contacts
        assertThat(attributed("REPLIED", "T")).as("SMS replies").isPositive();
        assertThat(attributed("CLICKED", "T")).as("portal clicks").isPositive();
        assertThat(attributed("ORDERED", "T")).as("orders of the contacted").isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE channel = 'SMS' AND type = 'REPLIED'"
                + " AND upper(detail) = 'Y'", Long.class)).as("accept replies").isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE channel = 'SMS' AND type = 'REPLIED'"
                + " AND upper(detail) <> 'Y'", Long.class)).as("other replies").isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE type = 'UNSUBSCRIBED'", Long.class))
                .as("TD").isPositive();
        // the orders came as BOSS order files through the shipped route, accepted whole
        assertThat(jdbc.queryForList("SELECT outcome FROM file_record WHERE file_name LIKE 'ORDER\\_%\\_1%'", String.class))
                .isNotEmpty().allMatch("ACCEPTED"::equals);

        JsonNode total = evaluation().get("total");
        double treatment = total.get("conversionTreatment").asDouble();
        double control = total.get("conversionControl").asDouble();
        assertThat(treatment).as("treatment converts more than control").isGreaterThan(control);
        assertThat(control).as("the control group converts too").isPositive();
        JsonNode lift = total.get("lift");
        assertThat(lift.get("absolute").asDouble()).isCloseTo(treatment - control, within(1e-9));
        assertThat(lift.get("ciLow").asDouble()).isLessThan(lift.get("absolute").asDouble())
                .isGreaterThan(0.0); // 40% against 10%: the interval clears zero
        assertThat(lift.get("ciHigh").asDouble()).isGreaterThan(lift.get("absolute").asDouble());
        assertThat(lift.get("pValue").asDouble()).isLessThan(0.05);

        // no log line shows a customer who answered
        List<String> answered = jdbc.queryForList("SELECT DISTINCT msisdn FROM response_attribution WHERE campaign_id = ?"
                + " AND msisdn IS NOT NULL LIMIT 20", String.class, ID);
        assertThat(answered).isNotEmpty();
        for (String msisdn : answered) {
            assertThat(output.getAll()).as("no log line shows an MSISDN that answered").doesNotContain(msisdn);
        }

        // the sandbox starting again: the campaign is found, no second one, no second list
        demo.run();
        Path targets = peers.peer(WarehouseSftpSimulator.class).orElseThrow().local("/dw/out/target");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                listFiles(targets).isEmpty()
                        && jdbc.queryForObject("SELECT count(*) FROM campaign_list WHERE campaign_id = ?", Long.class, ID) == 1
                        && jdbc.queryForObject("SELECT count(*) FROM campaign WHERE id LIKE 'SANDBOX-DEMO%'", Long.class) == 1);
        assertThat(admin().getForObject("/api/campaigns/" + ID, JsonNode.class).get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void mmCustomersDownloadWhatIsRecommendedToThem() {
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM customer WHERE NOT deleted AND status = 1", Long.class) > 2000);
        // the policy matches MM's apps to each handset by the day's catalog: a list decided before MM's catalog file
        // is taken in has no suitable app for anyone (NO_SUITABLE_APP)
        await().atMost(Duration.ofSeconds(60)).until(() -> catalog.isLoaded() && catalog.size() > 0);
        // customers of classes 2 and 4 (MM comes first or second in their channel order) the demo's list leaves out,
        // of the BOSS day's (cust_id C<19 digits>F<3 digits>, as CustomerDeltaGenerator writes it, each with a handset
        // model of MM's catalog): the suite's other test classes share this database and add customers of their own
        List<String> targets = jdbc.queryForList("SELECT msisdn FROM customer WHERE NOT deleted AND status = 1"
                + " AND customer_class IN (2, 4) AND cust_id ~ '^C[0-9]{19}F[0-9]{3}$' ORDER BY msisdn DESC LIMIT 200",
                String.class);
        assertThat(targets).hasSize(200);
        String id = "SBX-MM-IT";
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "移动云盘推荐");
        c.put("type", "POINTS");
        c.put("productId", "APP0001");
        c.put("channels", List.of("MM"));
        c.put("templates", Map.of("MM", Map.of("appIds", List.of("MM000006", "MM000012"))));
        c.put("start", now.minusMinutes(1).toString());
        c.put("end", now.plusDays(7).toString());
        c.put("controlPercent", 0);
        assertThat(admin().postForEntity("/api/campaigns", c, String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        String list = targets.stream().map(m -> m + "|MM||||").collect(Collectors.joining("\n", "", "\n"));
        assertThat(admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L1", new HttpEntity<>(list, h), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        for (String action : List.of("schedule", "start")) {
            ResponseEntity<String> answer = admin().postForEntity("/api/campaigns/" + id + "/" + action, null, String.class);
            assertThat(answer.getStatusCode().is2xxSuccessful()).as("%s: %s", action, answer.getBody()).isTrue();
        }

        // the contacts go out while the demo campaign's own answers and orders keep the hub busy: on a loaded machine
        // (the whole suite on 2 cores) this takes longer than alone; a failure says where the contacts stand
        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM response_attribution WHERE campaign_id = ? AND type = 'DOWNLOADED'"
                        + " AND outcome = 'ATTRIBUTED'", Long.class, id))
                .as("downloads attributed; the campaign's contacts by status and reason: %s, its responses: %s",
                        jdbc.queryForList("SELECT status, reason, count(*) FROM campaign_contact WHERE campaign_id = ?"
                                + " GROUP BY status, reason", id),
                        jdbc.queryForList("SELECT type, count(*) FROM response_event WHERE campaign_id = ? GROUP BY type", id))
                .isGreaterThanOrEqualTo(10));
        long sent = jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ? AND status = 'SENT'"
                + " AND channel = 'MM'", Long.class, id);
        assertThat(sent).isGreaterThan(50);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM response_event WHERE campaign_id = ? AND type = 'DOWNLOADED'", Long.class, id) / (double) sent)
                .as("the share of recommendations downloaded, 20%% expected").isBetween(0.1, 0.3));
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private long attributed(String type, String group) {
        return jdbc.queryForObject("SELECT count(*) FROM response_attribution WHERE campaign_id = ? AND type = ?"
                + " AND grp = ? AND outcome = 'ATTRIBUTED'", Long.class, ID, type, group);
    }

    private JsonNode evaluation() {
        return admin().getForObject("/api/campaigns/" + ID + "/evaluation", JsonNode.class);
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}

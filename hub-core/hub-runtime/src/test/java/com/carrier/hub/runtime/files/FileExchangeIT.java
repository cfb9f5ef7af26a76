package com.carrier.hub.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.runtime.OfflineTouchpoints;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.sftp.BossSftpSimulator;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shipped routes of routes/ for BOSS and the warehouse, in the real application against the SFTP simulators and
 * the embedded PostgreSQL: a customer delta reaches the customer index and the warehouse CUSTOMER feed, bad files are
 * quarantined, and every file is reconciled at GET /api/files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.database.embedded=true",
        "hub.routes.dir=../../routes",
        "hub.security.users.viewer.password=viewer-pw",
        "hub.security.users.viewer.roles=VIEWER",
        "hub.security.users.operator.password=operator-pw",
        "hub.security.users.operator.roles=OPERATOR",
        "hub.connectors.kafka.enabled=false",
        "hub.connectors.sms.enabled=false",
        "hub.connectors.portal.enabled=false",
        "hub.connectors.mmstore.enabled=false",
        "hub.connectors.boss.poll-delay=200",
        "hub.connectors.warehouse.poll-delay=200",
        "hub.files.claim-lease=5s",
})
@AutoConfigureObservability
@Import(OfflineTouchpoints.class) // SMS is off here, its campaigns are only defined
class FileExchangeIT {

    static final BossSftpSimulator BOSS = started(new BossSftpSimulator());
    static final WarehouseSftpSimulator WAREHOUSE = started(new WarehouseSftpSimulator());
    static final Charset GBK = Charset.forName("GBK");

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;

    static <S extends com.carrier.hub.simulators.sftp.SftpSimulator> S started(S s) {
        try {
            s.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return s;
    }

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        BOSS.connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
        WAREHOUSE.connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stop() {
        BOSS.close();
        WAREHOUSE.close();
    }

    JsonNode files(String query) {
        return rest.withBasicAuth("viewer", "viewer-pw").getForEntity("/api/files" + query, JsonNode.class).getBody();
    }

    @Test
    void aCustomerDeltaReachesTheIndexAndTheWarehouseAndIsReconciled() throws Exception {
        Path folder = BOSS.local("/boss/out/customer");
        new CustomerDeltaGenerator().rows(500).bad(CustomerDeltaGenerator.BadRow.BAD_MSISDN, 2).write(folder, "CUST_DELTA_20261122_0001.dat");

        // the CUSTOMER pair is released when the index commits, the BOSS pair moved to done/ just after
        await().atMost(Duration.ofSeconds(30)).until(() -> WAREHOUSE.list("/dw/in").contains("CUSTOMER_20261122_0001.chk")
                && BOSS.list("/boss/out/customer/done").contains("CUST_DELTA_20261122_0001.chk"));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM customer", Long.class)).isPositive();
        assertThat(WAREHOUSE.list("/dw/in")).contains("CUSTOMER_20261122_0001.dat");
        assertThat(BOSS.list("/boss/out/customer/done")).contains("CUST_DELTA_20261122_0001.dat", "CUST_DELTA_20261122_0001.chk",
                "CUST_DELTA_20261122_0001.rej");
        JsonNode page = files("?feed=customer-delta&outcome=ACCEPTED");
        assertThat(page.get("total").asLong()).isEqualTo(1);
        JsonNode record = page.get("items").get(0);
        assertThat(record.get("fileName").asText()).isEqualTo("CUST_DELTA_20261122_0001.dat");
        assertThat(record.get("rowsRead").asLong()).isEqualTo(500);
        assertThat(record.get("rowsAccepted").asLong()).isEqualTo(498);
        assertThat(record.get("rowsRejected").asLong()).isEqualTo(2);
        // the hub keeps the rejected rows with the record, for the console (hub.files.rejects-kept)
        List<String> kept = jdbc.query("""
                SELECT r.line_no || '|' || r.reason || '|' || r.text FROM file_reject r JOIN file_record f ON f.id = r.file_id
                 WHERE f.feed = 'customer-delta' AND f.file_name = 'CUST_DELTA_20261122_0001.dat' ORDER BY r.line_no""",
                (rs, i) -> rs.getString(1));
        assertThat(kept).hasSize(2).allSatisfy(k -> assertThat(k).matches("\\d+\\|BAD_MSISDN\\|.+"));
        assertThat(files("?feed=order").get("total").asLong()).isZero();
    }

    @Test
    void aBadOrderFileIsQuarantinedAndShownWithItsReason() throws Exception {
        Path folder = BOSS.local("/boss/out/order");
        FeedFiles.write(folder, "ORDER_20261122_0001.dat", GBK, List.of(
                "O1|13800000001|P1|SMS|20261122101010|1",
                "O2|1380000|P1|SMS|20261122101010|1"));

        await().atMost(Duration.ofSeconds(30)).until(() -> BOSS.list("/boss/out/order/quarantine").contains("ORDER_20261122_0001.chk"));

        assertThat(Files.readString(BOSS.local("/boss/out/order/quarantine").resolve("ORDER_20261122_0001.reason")))
                .startsWith("REJECT_THRESHOLD|");
        JsonNode q = files("?outcome=QUARANTINED&feed=order");
        assertThat(q.get("items").get(0).get("reason").asText()).isEqualTo("REJECT_THRESHOLD");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM boss_order", Long.class)).isZero();
        assertThat(rest.getForEntity("/api/files", String.class).getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void aTargetListForAnUnknownCampaignIsQuarantinedWhole() throws Exception {
        Path folder = WAREHOUSE.local("/dw/out/target");
        FeedFiles.write(folder, "TGT_NOPE-1_20261122_0001.dat", GBK, List.of("13800000001|A|0.5|||", "13800000002|A|0.6|||"));

        await().atMost(Duration.ofSeconds(30)).until(() -> WAREHOUSE.list("/dw/out/target/quarantine").contains("TGT_NOPE-1_20261122_0001.chk"));

        assertThat(Files.readString(WAREHOUSE.local("/dw/out/target/quarantine").resolve("TGT_NOPE-1_20261122_0001.reason")))
                .startsWith("UNKNOWN_CAMPAIGN|target-list: TGT_NOPE-1_20261122_0001.dat: campaign NOPE-1 is not known to the hub");
        assertThat(files("?feed=target-list&outcome=QUARANTINED").get("items").get(0).get("reason").asText()).isEqualTo("UNKNOWN_CAMPAIGN");
    }

    @Test
    void aTargetListForAKnownCampaignIsTakenByTheCampaignEngineWhole() throws Exception {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", "FILES-1");
        c.put("name", "文件目标名单");
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "尊敬的客户，5G套餐${attr1}元，回复Y办理")));
        c.put("sourceAddress", "10658001");
        c.put("start", "2026-11-23T08:00:00+08:00");
        c.put("end", "2026-12-23T08:00:00+08:00");
        assertThat(rest.withBasicAuth("operator", "operator-pw").postForEntity("/api/campaigns", c, JsonNode.class)
                .getStatusCode().value()).isEqualTo(201);
        Path folder = WAREHOUSE.local("/dw/out/target");
        FeedFiles.write(folder, "TGT_FILES-1_20261122_0001.dat", GBK, List.of(
                "13800000011|A|0.5|99||", "13800000012|A|0.6|99||", "13800000013|B||99||"));

        await().atMost(Duration.ofSeconds(30)).until(() -> WAREHOUSE.list("/dw/out/target/done").contains("TGT_FILES-1_20261122_0001.chk")
                || WAREHOUSE.list("/dw/out/target/quarantine").contains("TGT_FILES-1_20261122_0001.chk"));

        assertThat(WAREHOUSE.list("/dw/out/target/done")).contains("TGT_FILES-1_20261122_0001.dat");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = 'FILES-1' AND list_id = ?",
                Long.class, "TGT_FILES-1_20261122_0001.dat")).isEqualTo(3);
    }

    @Test
    void badMsisdnRowsOfATargetListAreTargetedAndExcludedAndAQuarantinedListAcceptedNothing() throws Exception {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", "FILES-2");
        c.put("name", "坏号码计数");
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "尊敬的客户，回复Y办理")));
        c.put("sourceAddress", "10658001");
        c.put("start", "2026-11-23T08:00:00+08:00");
        c.put("end", "2026-12-23T08:00:00+08:00");
        assertThat(rest.withBasicAuth("operator", "operator-pw").postForEntity("/api/campaigns", c, JsonNode.class)
                .getStatusCode().value()).isEqualTo(201);
        List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(i == 6 ? "1380000|A|0.5|||" : String.format("1380002%04d|A|0.5|||", i));
        }
        Path folder = WAREHOUSE.local("/dw/out/target");
        FeedFiles.write(folder, "TGT_FILES-2_20261122_0001.dat", GBK, rows);
        await().atMost(Duration.ofSeconds(30)).until(() -> WAREHOUSE.list("/dw/out/target/done").contains("TGT_FILES-2_20261122_0001.chk"));

        // PEERS §7.2 step 1: the list's 200 rows are all targeted, the bad one excluded as BAD_MSISDN
        JsonNode progress = rest.withBasicAuth("viewer", "viewer-pw").getForEntity("/api/campaigns/FILES-2", JsonNode.class)
                .getBody().get("progress");
        assertThat(progress.get("targeted").asLong()).isEqualTo(200);
        assertThat(progress.at("/excludedByCode/BAD_MSISDN").asLong()).isEqualTo(1);
        assertThat(progress.get("reconciled").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT line_no FROM campaign_target WHERE campaign_id = 'FILES-2' AND code = 'BAD_MSISDN'",
                Long.class)).isEqualTo(7);

        // a control file that claims a row more: quarantined whole, and nothing of it was accepted
        String text = String.join("\n", rows.subList(0, 3)).replace("1380002", "1380003") + "\n";
        FeedFiles.writeBytes(folder, "TGT_FILES-2_20261122_0002.dat", text.getBytes(GBK), 4, GBK);
        await().atMost(Duration.ofSeconds(30)).until(() -> WAREHOUSE.list("/dw/out/target/quarantine").contains("TGT_FILES-2_20261122_0002.chk"));
        JsonNode record = null;
        for (JsonNode item : files("?feed=target-list&outcome=QUARANTINED").get("items")) {
            if (item.get("fileName").asText().equals("TGT_FILES-2_20261122_0002.dat")) {
                record = item;
            }
        }
        assertThat(record).isNotNull();
        assertThat(record.get("reason").asText()).isEqualTo("COUNT_MISMATCH");
        assertThat(record.get("rowsRead").asLong()).isEqualTo(3);
        assertThat(record.get("rowsValid").asLong()).isEqualTo(3);
        assertThat(record.get("rowsAccepted").asLong()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE list_id = 'TGT_FILES-2_20261122_0002.dat'",
                Long.class)).isZero();
    }
}

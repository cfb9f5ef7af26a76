package com.carrier.hub.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.connector.mmstore.HandsetAdaptation;
import com.carrier.hub.runtime.HubApplication;
import com.carrier.hub.runtime.sandbox.SandboxMmCatalogDay;
import com.carrier.hub.simulators.EmbeddedDatabase;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.mm.MmStoreSimulator;
import com.carrier.hub.simulators.sftp.MmSftpSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The MM app catalog (PEERS §4.1) through the shipped route mmstore-catalog-to-app-catalog, in the real application
 * against MM's catalog SFTP simulator and the embedded PostgreSQL: a GBK file with a bad row is accepted without it,
 * answers handset adaptation and is stored; a quarantined file leaves the previous catalog in force; a fresh
 * application context over the same database starts with the stored catalog.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.routes.dir=../../routes",
        "hub.security.users.viewer.password=viewer-pw",
        "hub.security.users.viewer.roles=VIEWER",
        "hub.connectors.kafka.enabled=false",
        "hub.connectors.sms.enabled=false",
        "hub.connectors.portal.enabled=false",
        "hub.connectors.mmstore.catalog.poll-delay=200",
        "hub.files.claim-lease=5s",
})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MmCatalogIT {

    static final Charset GBK = Charset.forName("GBK");
    static final EmbeddedDatabase.Database DB = EmbeddedDatabase.create("mmcatalog");
    static final MmSftpSimulator SFTP = started(new MmSftpSimulator());
    static final MmStoreSimulator MM = started(new MmStoreSimulator());
    static final String CATALOG = MmSftpSimulator.CATALOG;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AppCatalog catalog;
    @Autowired
    HandsetAdaptation adaptation;

    static <S extends com.carrier.hub.simulators.PeerSimulator> S started(S s) {
        try {
            s.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return s;
    }

    @DynamicPropertySource
    static void peers(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", DB::username);
        registry.add("spring.datasource.password", DB::password);
        SFTP.connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
        MM.connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stop() {
        SFTP.close();
        MM.close();
    }

    JsonNode files(String query) {
        return rest.withBasicAuth("viewer", "viewer-pw").getForEntity("/api/files" + query, JsonNode.class).getBody();
    }

    static List<HandsetAdaptation.Customer> customers() {
        return List.of(new HandsetAdaptation.Customer("13800000001", "huawei mate 60"),
                new HandsetAdaptation.Customer("13800000002", "Nokia 3310"),
                new HandsetAdaptation.Customer("13800000003", "iPhone15"));
    }

    /** App MM000001 is for HUAWEI only, MM000002 for Xiaomi and OPPO, MM000003 for iPhone (SandboxMmCatalogDay.rows). */
    static void assertAdapts(HandsetAdaptation adaptation) {
        HandsetAdaptation.Plan plan = adaptation.plan("C-MM-1", List.of("MM000001", "MM000002", "MM000003"), customers(),
                OffsetDateTime.parse("2026-12-31T23:59:59+08:00"));
        assertThat(plan.recommendations()).extracting(r -> r.msisdn() + "=" + r.appIds())
                .containsExactly("13800000001=[MM000001]", "13800000003=[MM000003]");
        assertThat(plan.excluded()).extracting(e -> e.msisdn() + "=" + e.reason())
                .containsExactly("13800000002=" + HandsetAdaptation.NO_SUITABLE_APP);
    }

    @Test
    @Order(1)
    void aGbkCatalogWithABadRowIsAcceptedWithoutItServesHandsetAdaptationAndIsStored() throws Exception {
        // 150 apps; line 5 has an empty model list (1 of 150, under the 1% reject threshold)
        List<String> rows = SandboxMmCatalogDay.rows(150, 5);
        FeedFiles.write(SFTP.local(CATALOG), "MM_APPS_20261120.dat", GBK, rows);

        await().atMost(Duration.ofSeconds(30)).until(() -> SFTP.list(CATALOG + "/done").contains("MM_APPS_20261120.chk"));

        JsonNode page = files("?feed=mm-apps&outcome=ACCEPTED");
        assertThat(page.get("total").asLong()).isEqualTo(1);
        JsonNode record = page.get("items").get(0);
        assertThat(record.get("fileName").asText()).isEqualTo("MM_APPS_20261120.dat");
        assertThat(record.get("rowsRead").asLong()).isEqualTo(150);
        assertThat(record.get("rowsAccepted").asLong()).isEqualTo(149);
        assertThat(record.get("rowsRejected").asLong()).isEqualTo(1);
        assertThat(Files.readString(SFTP.local(CATALOG + "/done").resolve("MM_APPS_20261120.rej"), GBK))
                .startsWith("5|").contains("MM000005");

        assertThat(catalog.snapshot().source()).isEqualTo("MM_APPS_20261120.dat");
        assertThat(catalog.size()).isEqualTo(149);
        assertThat(catalog.app("MM000005")).isEmpty();
        assertAdapts(adaptation);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM mm_app_catalog WHERE source_file = 'MM_APPS_20261120.dat'",
                Long.class)).isEqualTo(149);
        assertThat(jdbc.queryForObject("SELECT name FROM mm_app_catalog WHERE app_id = 'MM000001'", String.class))
                .as("Chinese name decoded from GBK").isEqualTo("咪咕音乐1");
        assertThat(jdbc.queryForObject("SELECT models FROM mm_app_catalog WHERE app_id = 'MM000001'", String.class))
                .isEqualTo("HUAWEI Mate60,HUAWEI P70");
    }

    @Test
    @Order(2)
    void aQuarantinedCatalogLeavesThePreviousOneInForce() throws Exception {
        Path folder = SFTP.local(CATALOG);
        // every app for every model, but the control file's count disagrees with the data
        List<String> rows = List.of("NEW1|新应用|工具||*|100|0|1", "NEW2|新应用二|工具||*|100|0|1");
        byte[] data = (String.join("\n", rows) + "\n").getBytes(GBK);
        Files.write(folder.resolve("MM_APPS_20261121.dat"), data);
        Files.writeString(folder.resolve("MM_APPS_20261121.chk"), "MM_APPS_20261121.dat|3|" + data.length + "|"
                + FeedFiles.md5(data) + "|20261121060000\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> SFTP.list(CATALOG + "/quarantine").contains("MM_APPS_20261121.chk"));

        assertThat(Files.readString(SFTP.local(CATALOG + "/quarantine").resolve("MM_APPS_20261121.reason")))
                .startsWith("COUNT_MISMATCH|");
        assertThat(files("?feed=mm-apps&outcome=QUARANTINED").get("items").get(0).get("reason").asText())
                .isEqualTo("COUNT_MISMATCH");
        assertThat(catalog.snapshot().source()).isEqualTo("MM_APPS_20261120.dat");
        assertThat(catalog.app("NEW1")).isEmpty();
        assertAdapts(adaptation);
        assertThat(jdbc.queryForList("SELECT DISTINCT source_file FROM mm_app_catalog", String.class))
                .containsExactly("MM_APPS_20261120.dat");
    }

    @Test
    @Order(3)
    void aFreshApplicationContextOverTheSameDatabaseStartsWithTheStoredCatalog() throws Exception {
        Path noRoutes = Files.createTempDirectory("hub-no-routes-");
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(HubApplication.class).properties(
                "server.port=0",
                "spring.datasource.url=" + DB.url(),
                "spring.datasource.username=" + DB.username(),
                "spring.datasource.password=" + DB.password(),
                "hub.routes.dir=" + noRoutes,
                "hub.security.users.viewer.password=viewer-pw",
                "hub.security.users.viewer.roles=VIEWER",
                "hub.connectors.kafka.enabled=false",
                "hub.connectors.sms.enabled=false",
                "hub.connectors.portal.enabled=false",
                "hub.connectors.mmstore.base-url=" + MM.connectorProperties().get("hub.connectors.mmstore.base-url"),
                "hub.connectors.mmstore.token=" + MM.connectorProperties().get("hub.connectors.mmstore.token"),
                "hub.connectors.mmstore.callback-secret=" + MM.connectorProperties().get("hub.connectors.mmstore.callback-secret"))
                .run()) {
            AppCatalog fresh = restarted.getBean(AppCatalog.class);
            assertThat(fresh).isNotSameAs(catalog);
            assertThat(fresh.isLoaded()).isTrue();
            assertThat(fresh.snapshot().source()).isEqualTo("MM_APPS_20261120.dat");
            assertThat(fresh.size()).isEqualTo(149);
            assertThat(fresh.app("MM000001").orElseThrow().name()).isEqualTo("咪咕音乐1");
            assertAdapts(restarted.getBean(HandsetAdaptation.class));
        }
    }
}

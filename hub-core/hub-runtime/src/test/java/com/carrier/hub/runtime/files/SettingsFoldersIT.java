package com.carrier.hub.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.runtime.OfflineTouchpoints;
import com.carrier.hub.runtime.feeds.ContactFeedExport;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.sftp.BossSftpSimulator;
import com.carrier.hub.simulators.sftp.SftpSimulator;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;

/**
 * Every documented folder setting moves the traffic, not just the health probe: the shipped routes of routes/, with
 * each BOSS and warehouse folder (and the local campaign inbox and CONTACT folder) set away from its default, take
 * their files from and deliver them to the moved folders on the SFTP simulators, and nothing to the defaults.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.database.embedded=true",
        "hub.routes.dir=../../routes",
        "hub.security.users.viewer.password=viewer-pw",
        "hub.security.users.viewer.roles=VIEWER",
        "hub.connectors.kafka.enabled=false",
        "hub.connectors.sms.enabled=false",
        "hub.connectors.portal.enabled=false",
        "hub.connectors.mmstore.enabled=false",
        "hub.connectors.boss.poll-delay=200",
        "hub.connectors.warehouse.poll-delay=200",
        "hub.files.claim-lease=5s",
        "hub.connectors.boss.customer-folder=/moved/boss/customer",
        "hub.connectors.boss.product-folder=/moved/boss/product",
        "hub.connectors.boss.subscription-folder=/moved/boss/subscription",
        "hub.connectors.boss.order-folder=/moved/boss/order",
        "hub.connectors.warehouse.target-folder=/moved/dw/target",
        "hub.connectors.warehouse.in-folder=/moved/dw/in",
        "hub.campaigns.inbox-dir=target/settings-folders-it/inbox",
        "hub.routes.allow.file-roots=var,target/settings-folders-it",
        "hub.campaigns.contact-feed.dir=target/settings-folders-it/contact",
})
@Import(OfflineTouchpoints.class)
class SettingsFoldersIT {

    static final BossSftpSimulator BOSS = started(new BossSftpSimulator(), "/moved/boss/customer", "/moved/boss/product",
            "/moved/boss/subscription", "/moved/boss/order");
    static final WarehouseSftpSimulator WAREHOUSE = started(new WarehouseSftpSimulator(), "/moved/dw/target", "/moved/dw/in");
    static final Charset GBK = Charset.forName("GBK");

    @Autowired
    ProducerTemplate camel;
    @Autowired
    ContactFeedExport contactFeed;
    @Autowired
    JdbcTemplate jdbc;

    static <S extends SftpSimulator> S started(S s, String... folders) {
        try {
            s.start();
            for (String f : folders) {
                Files.createDirectories(s.local(f));
            }
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

    static boolean handled(SftpSimulator peer, String folder, String control) {
        return exists(peer, folder + "/done", control) || exists(peer, folder + "/quarantine", control);
    }

    static boolean exists(SftpSimulator peer, String folder, String name) {
        return Files.isRegularFile(peer.local(folder).resolve(name));
    }

    @Test
    void theCustomerFolderAndTheInFolderMoveTheCustomerDeltaAndItsCustomerFeed() throws Exception {
        new CustomerDeltaGenerator().rows(50).write(BOSS.local("/moved/boss/customer"), "CUST_DELTA_20261122_0001.dat");

        await().atMost(Duration.ofSeconds(30)).until(() -> exists(WAREHOUSE, "/moved/dw/in", "CUSTOMER_20261122_0001.chk")
                && exists(BOSS, "/moved/boss/customer/done", "CUST_DELTA_20261122_0001.chk"));

        assertThat(WAREHOUSE.list("/moved/dw/in")).contains("CUSTOMER_20261122_0001.dat");
        assertThat(Files.exists(WAREHOUSE.local("/dw/in").resolve("CUSTOMER_20261122_0001.dat"))).isFalse();
    }

    @Test
    void theProductSubscriptionAndOrderFoldersMoveTheirFeeds() throws Exception {
        FeedFiles.write(BOSS.local("/moved/boss/product"), "PROD_FULL_20261122.dat", GBK,
                List.of("P1|畅享套餐|PLAN|5800|1|20260101|20301231|"));
        FeedFiles.write(BOSS.local("/moved/boss/subscription"), "SUBS_DELTA_20261122_0001.dat", GBK,
                List.of("A|13800000001|P1|20261122101010|20301231235959"));
        FeedFiles.write(BOSS.local("/moved/boss/order"), "ORDER_20261122_0001.dat", GBK,
                List.of("O1|13800000001|P1|SMS|20261122101010|1"));

        await().atMost(Duration.ofSeconds(30)).until(() -> handled(BOSS, "/moved/boss/product", "PROD_FULL_20261122.chk")
                && handled(BOSS, "/moved/boss/subscription", "SUBS_DELTA_20261122_0001.chk")
                && handled(BOSS, "/moved/boss/order", "ORDER_20261122_0001.chk"));

        assertThat(BOSS.list("/moved/boss/product")).isEmpty();
        assertThat(BOSS.list("/moved/boss/subscription")).isEmpty();
        assertThat(BOSS.list("/moved/boss/order")).isEmpty();
    }

    @Test
    void theTargetFolderMovesTheTargetLists() throws Exception {
        FeedFiles.write(WAREHOUSE.local("/moved/dw/target"), "TGT_NOSUCHCAMPAIGN_20261122_0001.dat", GBK,
                List.of("13800000001|S1|0.5|||"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> handled(WAREHOUSE, "/moved/dw/target", "TGT_NOSUCHCAMPAIGN_20261122_0001.chk"));
        assertThat(WAREHOUSE.list("/moved/dw/target")).isEmpty();
    }

    @Test
    void theInFolderMovesTheContactResponseAndEvalFeeds() throws Exception {
        Path local = Files.createDirectories(Path.of("target/settings-folders-it/out"));
        for (String name : List.of("CONTACT_20261122_0001.dat", "RESPONSE_20261122_0001.dat", "EVAL_C1_20261122.dat")) {
            FeedFiles.write(local, name, GBK, List.of("C1|13800000001|SMS|x"));
            camel.sendBody("kamelet:warehouse-feed-sink", local.resolve(name).toFile());
            String control = name.replace(".dat", ".chk");
            assertThat(WAREHOUSE.list("/moved/dw/in")).contains(name, control);
            assertThat(WAREHOUSE.list("/dw/in")).doesNotContain(name, control);
        }
    }

    @Test
    void theContactFeedDirHoldsTheLocalContactFiles() throws Exception {
        contactFeed.write(); // whatever was there before
        String id = "SF-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent, response_window_days, definition)
                VALUES (?, 'feed', 'PROMOTION', 'P1', 'COMPLETED', now(), now() + interval '1 day', 5, 7,
                        '{"sourceAddress":"10658001"}'::jsonb)""", id);
        jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, list_id, grp, channel, status, reason, contacted_at)"
                + " VALUES (?, '13912340001', 'L1', 'T', 'SMS', 'SENT', null, now())", id);
        jdbc.update("INSERT INTO campaign_list (campaign_id, list_id, state, parts, rows_read, staged, decided_at)"
                + " VALUES (?, 'L1', 'DECIDED', 1, 1, '{}'::jsonb, now())", id);

        File written = contactFeed.write();

        assertThat(written).isNotNull();
        assertThat(written.toPath().toAbsolutePath().getParent())
                .isEqualTo(Path.of("target/settings-folders-it/contact").toAbsolutePath());
    }

    @Test
    void theInboxDirMovesTheCampaignFiles() throws Exception {
        Path inbox = Files.createDirectories(Path.of("target/settings-folders-it/inbox"));
        Files.writeString(inbox.resolve("not-a-campaign.json"), "{\"nme\": \"misspelt\"}", StandardCharsets.UTF_8);

        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(inbox.resolve("not-a-campaign.json"))
                && found(inbox, "not-a-campaign.json"));
    }

    static boolean found(Path dir, String name) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.anyMatch(p -> p.getFileName().toString().equals(name) && !p.getParent().equals(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

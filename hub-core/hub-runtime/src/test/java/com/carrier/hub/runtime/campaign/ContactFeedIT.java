package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.runtime.feeds.ContactFeedExport;
import com.carrier.hub.runtime.sandbox.SandboxPeers;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;

/** The warehouse CONTACT feed: the changed contacts in §2.2 layout, uploaded pair-wise to the warehouse's SFTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class ContactFeedIT {

    @Autowired
    SandboxPeers sandboxPeers;
    @Autowired
    ContactFeedExport export;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate camel;

    @Test
    void changedContactsGoOutOnceInTheWarehouseLayoutAndReachItsServer() throws Exception {
        export.write(); // whatever other tests left behind
        String id = "CF-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent, response_window_days, definition)
                VALUES (?, 'feed', 'PROMOTION', 'P1', 'COMPLETED', now(), now() + interval '1 day', 5, 7,
                        '{"sourceAddress":"10658001"}'::jsonb)""", id);
        insert(id, "13912340001", "T", "SMS", "SENT", null);
        insert(id, "13912340002", "C", "SMS", "CONTROL", null);
        insert(id, "13912340003", null, null, "EXCLUDED", "BLACKLIST");
        insert(id, "13912340004", "T", "SMS", "OUTCOME_UNKNOWN", "INTERRUPTED");
        insert(id, "13912340005", "T", "PORTAL", "PENDING", null);
        insert(id, "13912340006", "T", "SMS", "PENDING", null);
        jdbc.update("INSERT INTO campaign_list (campaign_id, list_id, state, parts, rows_read, staged, decided_at)"
                + " VALUES (?, 'L1', 'DECIDED', 1, 6, '{}'::jsonb, now())", id);
        // changed after its decision, before any export: goes out once, as it is now
        jdbc.update("UPDATE campaign_contact SET status = 'FAILED', reason = 'SUBMIT_REJECTED', updated_at = now()"
                + " WHERE campaign_id = ? AND msisdn = ?", id, "13912340006");

        File data = export.write();
        assertThat(data).isNotNull();
        assertThat(data.getName()).matches("CONTACT_\\d{8}_\\d{4}\\.dat");
        List<String> lines = Files.readAllLines(data.toPath(), Charset.forName("GBK")).stream().filter(l -> l.startsWith(id)).toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).matches(id + "\\|13912340001\\|SMS\\|10658001\\|T\\|SENT\\|\\|\\d{14}");
        assertThat(lines.get(1)).startsWith(id + "|13912340002|SMS|10658001|C|EXCLUDED|CONTROL_GROUP|");
        assertThat(lines.get(2)).startsWith(id + "|13912340003|||T|EXCLUDED|BLACKLIST|");
        assertThat(lines.get(3)).startsWith(id + "|13912340004|SMS|10658001|T|DEFERRED|OUTCOME_UNKNOWN|");
        assertThat(lines.get(4)).startsWith(id + "|13912340006|SMS|10658001|T|FAILED|SUBMIT_REJECTED|");
        assertThat(jdbc.queryForObject("SELECT exported_at IS NOT NULL FROM campaign_list WHERE campaign_id = ?",
                Boolean.class, id)).as("the list's decisions went out").isTrue();
        assertThat(jdbc.queryForList("SELECT msisdn FROM campaign_contact WHERE campaign_id = ? AND exported_at IS NOT NULL",
                String.class, id)).as("only the changed contact is marked, the list's decisions are not rewritten")
                .containsExactly("13912340006");
        Path chk = data.toPath().resolveSibling(data.getName().replace(".dat", ".chk"));
        assertThat(Files.readString(chk)).startsWith(data.getName() + "|");

        assertThat(export.write()).as("nothing changed since").isNull();

        camel.sendBody("kamelet:warehouse-feed-sink", data);
        WarehouseSftpSimulator warehouse = sandboxPeers.simulators().stream()
                .filter(WarehouseSftpSimulator.class::isInstance).map(WarehouseSftpSimulator.class::cast).findFirst().orElseThrow();
        assertThat(warehouse.list("/dw/in")).contains(data.getName(), chk.getFileName().toString());
        assertThat(Files.readAllBytes(warehouse.local("/dw/in").resolve(data.getName()))).isEqualTo(Files.readAllBytes(data.toPath()));

        jdbc.update("UPDATE campaign_contact SET status = 'SENT', contacted_at = now(), updated_at = now() WHERE campaign_id = ? AND msisdn = ?",
                id, "13912340005");
        File next = export.write();
        assertThat(Files.readAllLines(next.toPath(), Charset.forName("GBK")).stream().filter(l -> l.startsWith(id)).toList())
                .singleElement().asString().startsWith(id + "|13912340005|PORTAL|portal|T|SENT|");
    }

    private void insert(String campaign, String msisdn, String grp, String channel, String status, String reason) {
        jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, list_id, grp, channel, status, reason, contacted_at)"
                + " VALUES (?, ?, 'L1', ?, ?, ?, ?, CASE WHEN ? IN ('SENT', 'OUTCOME_UNKNOWN') THEN now() END)",
                campaign, msisdn, grp, channel, status, reason, status);
    }
}

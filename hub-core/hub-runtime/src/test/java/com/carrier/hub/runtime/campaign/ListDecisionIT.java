package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

import com.carrier.hub.runtime.campaign.dispatch.ContactStore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A target list is decided in parts, each in its own transaction: when one part fails (here a trigger refuses one
 * customer's contact row, as a crash or a lost connection would), the list stays DECIDING — nothing of it is claimed
 * for dispatch, progress counts the undecided rows — and landing the same list again, or the start-up pass, decides
 * only what is left: every customer ends decided exactly once, the rows of the part decided before untouched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms",
                "hub.campaigns.policy.parallel-from=2",
                // a context of its own: it must not take the campaign files CampaignFilesIT drops in the shared inbox
                "hub.campaigns.inbox-dir=target/list-decision-it/inbox"})
@ActiveProfiles("sandbox")
class ListDecisionIT {

    private static final int CUSTOMERS = 60;
    /** The customers and the blacklisted number: each one campaign_contact row (the malformed line is coded at staging). */
    private static final int TO_DECIDE = CUSTOMERS + 1;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ContactStore contacts;
    @Autowired
    UnfinishedLists unfinished;

    private final String prefix = "136" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
    private final String campaign = "D-" + UUID.randomUUID().toString().substring(0, 8);

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    @AfterEach
    void dropFault() {
        jdbc.execute("DROP TRIGGER IF EXISTS list_decision_fault ON campaign_contact");
    }

    @Test
    void aListWhosePartFailedIsFinishedWhenItLandsAgainEachCustomerDecidedOnce() {
        String list = prepare();
        failContactOf(m(7));

        ResponseEntity<JsonNode> failed = upload("L1", list);
        assertThat(failed.getStatusCode().is2xxSuccessful()).as("answer %s", failed.getBody()).isFalse();

        List<Map<String, Object>> parts = jdbc.queryForList("SELECT part, decided FROM campaign_list_part"
                + " WHERE campaign_id = ? AND list_id = 'L1'", campaign);
        assertThat(jdbc.queryForObject("SELECT parts FROM campaign_list WHERE campaign_id = ? AND list_id = 'L1'",
                Integer.class, campaign)).isEqualTo(2);
        assertThat(parts).as("the part without the faulty customer committed, the other rolled back").hasSize(1);
        long first = ((Number) parts.get(0).get("decided")).longValue();
        assertThat(first).isBetween(1L, TO_DECIDE - 2L);
        assertThat(decided()).isEqualTo(first);
        assertThat(state("L1")).isEqualTo("DECIDING");
        assertThat(contacts.claim(campaign, "SMS", "list-decision-it", 1000)).as("nothing of a DECIDING list is claimed")
                .isEmpty();
        JsonNode progress = admin().getForObject("/api/campaigns/" + campaign, JsonNode.class).get("progress");
        assertThat(progress.get("deciding").asLong()).isEqualTo(TO_DECIDE - first);
        assertThat(progress.get("reconciled").asBoolean()).as("progress %s", progress).isTrue();
        List<String> before = jdbc.queryForList("SELECT msisdn || '@' || xmin FROM campaign_contact WHERE campaign_id = ?"
                + " ORDER BY msisdn", String.class, campaign);

        dropFault();
        ResponseEntity<JsonNode> again = upload("L1", list);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode outcomes = again.getBody().get("byOutcome");
        assertThat(again.getBody().get("rows").asLong()).isEqualTo(CUSTOMERS + 2);
        assertThat(outcomes.get("TREATMENT").asLong() + outcomes.path("CONTROL").asLong()).isEqualTo(CUSTOMERS);
        assertThat(outcomes.get("BLACKLIST").asLong()).isEqualTo(1);
        assertThat(outcomes.get("BAD_MSISDN").asLong()).isEqualTo(1);

        assertThat(state("L1")).isEqualTo("DECIDED");
        assertThat(decided()).isEqualTo(TO_DECIDE);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT msisdn) FROM campaign_contact WHERE campaign_id = ?",
                Long.class, campaign)).isEqualTo(TO_DECIDE);
        assertThat(jdbc.queryForObject("SELECT sum(decided) FROM campaign_list_part WHERE campaign_id = ?", Long.class,
                campaign)).isEqualTo(TO_DECIDE);
        assertThat(jdbc.queryForList("SELECT msisdn || '@' || xmin FROM campaign_contact WHERE campaign_id = ?"
                + " ORDER BY msisdn", String.class, campaign)).as("the part decided first is not written again")
                .containsAll(before);
        assertThat(jdbc.queryForObject("SELECT status FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?",
                String.class, campaign, m(7))).isIn("PENDING", "CONTROL");
        // Template fields are read at claim time: the customer's from the index, the list row's by its line number,
        // merged with what the policy stored (here as if it had matched apps to the handset).
        jdbc.update("UPDATE campaign_contact SET vars = '{\"apps\": \"MM000001\"}' WHERE campaign_id = ? AND msisdn = ?",
                campaign, m(7));
        List<ContactStore.Claimed> claimed = contacts.claim(campaign, "SMS", "list-decision-it", 1000);
        assertThat(claimed).isNotEmpty();
        assertThat(claimed).allSatisfy(c -> assertThat(c.vars()).containsEntry("msisdn", c.msisdn())
                .containsEntry("name", "客户").containsEntry("brand", "GOTONE").containsEntry("city", "591")
                .containsEntry("segment", "S1"));
        assertThat(claimed).allSatisfy(c -> assertThat(c.vars().get("attr1"))
                .isEqualTo(Integer.parseInt(c.msisdn().substring(7)) % 2 == 0 ? null : "A1"));
        claimed.stream().filter(c -> c.msisdn().equals(m(7))).forEach(c -> assertThat(c.vars()).containsEntry("apps", "MM000001"));
        progress = admin().getForObject("/api/campaigns/" + campaign, JsonNode.class).get("progress");
        assertThat(progress.get("deciding").asLong()).isZero();
        assertThat(progress.get("reconciled").asBoolean()).as("progress %s", progress).isTrue();

        ResponseEntity<JsonNode> third = upload("L1", list);
        assertThat(third.getStatusCode()).as("a decided list is not taken twice").isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void theStartUpPassFinishesAListLeftDeciding() {
        String list = prepare();
        failContactOf(m(3));
        assertThat(upload("L2", list).getStatusCode().is2xxSuccessful()).isFalse();
        assertThat(state("L2")).isEqualTo("DECIDING");
        long first = decided();

        unfinished.finishAll();
        assertThat(state("L2")).as("still failing: left for the next start").isEqualTo("DECIDING");
        assertThat(decided()).isEqualTo(first);

        dropFault();
        unfinished.finishAll();
        assertThat(state("L2")).isEqualTo("DECIDED");
        assertThat(decided()).isEqualTo(TO_DECIDE);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT msisdn) FROM campaign_contact WHERE campaign_id = ?",
                Long.class, campaign)).isEqualTo(TO_DECIDE);
    }

    /** Customers 1..60 (+ one blacklisted), the campaign, and the list: those, a malformed line and the blacklisted one. */
    private String prepare() {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= CUSTOMERS; i++) {
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                    + " customer_class, update_time) VALUES (?, ?, '客户', 'GOTONE', '591', 'P100', 1, 'HUAWEI Mate60', 3,"
                    + " now())", m(i), "C" + m(i));
            list.append(m(i)).append(i % 2 == 0 ? "|S1||||\n" : "|S1||A1||\n");
        }
        jdbc.update("INSERT INTO blacklist (msisdn, source) VALUES (?, 'TEST')", m(CUSTOMERS + 1));
        list.append(m(CUSTOMERS + 1)).append("|S1||||\n").append("12345|S1||||\n");
        Map<String, Object> c = CampaignJson.of(campaign, Map.of("SMS", Map.of("text", "${name}您好")));
        c.put("name", "list decision");
        c.put("controlPercent", 10);
        assertThat(admin().postForEntity("/api/campaigns", c, String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return list.toString();
    }

    /** The contact row of this customer cannot be written: its part's transaction fails and rolls back. */
    private void failContactOf(String msisdn) {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION list_decision_fault() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected fault for %', NEW.msisdn; END $$""");
        jdbc.execute("CREATE TRIGGER list_decision_fault BEFORE INSERT ON campaign_contact FOR EACH ROW WHEN (NEW.campaign_id = '"
                + campaign + "' AND NEW.msisdn = '" + msisdn + "') EXECUTE FUNCTION list_decision_fault()");
    }

    private long decided() {
        return jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?", Long.class, campaign);
    }

    private String state(String listId) {
        return jdbc.queryForObject("SELECT state FROM campaign_list WHERE campaign_id = ? AND list_id = ?", String.class,
                campaign, listId);
    }

    private ResponseEntity<JsonNode> upload(String listId, String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        return admin().postForEntity("/api/campaigns/" + campaign + "/targets?listId=" + listId,
                new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), h), JsonNode.class);
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}

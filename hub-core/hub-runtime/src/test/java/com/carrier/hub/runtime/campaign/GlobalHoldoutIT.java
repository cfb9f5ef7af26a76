package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

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
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The global control group: off by default; with a share set, its customers are excluded as GLOBAL_HOLDOUT from a
 * list's launch, its preview and a triggered campaign's decision alike, after every other rule; an ADMIN re-draws it,
 * the schedule re-draws it when due; the programme's lift report counts the index's customers and their orders on each
 * side and refuses a period the group changed in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class GlobalHoldoutIT {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    GlobalHoldout holdout;
    @Autowired
    GlobalHoldoutProperties settings;
    @Autowired
    ContactPolicy policy;
    @Autowired
    CampaignRepository campaigns;

    private final String prefix = "139" + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000));

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    @Test
    void theGroupsCustomersGetNoCampaignAndTheProgrammesLiftIsReportedAgainstThem() {
        assertThat(admin().getForEntity("/api/global-holdout", JsonNode.class).getBody().get("percent").asDouble()).isZero();
        ResponseEntity<JsonNode> off = admin().postForEntity("/api/global-holdout/reseed", null, JsonNode.class);
        assertThat(off.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(off.getBody().at("/errors/0/field").asText()).isEqualTo("hub.campaigns.global-holdout.percent");

        StringBuilder list = new StringBuilder();
        List<String> msisdns = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, customer_class,"
                    + " update_time) VALUES (?, ?, '客户', 'GOTONE', '591', 'P100', 1, 5, now())", m(i), "C" + m(i));
            list.append(m(i)).append("|S1||||\n");
            msisdns.add(m(i));
        }
        jdbc.update("INSERT INTO blacklist (msisdn, source) VALUES (?, 'TEST')", m(0));
        settings.setPercent(40);
        try {
            JsonNode state = admin().getForEntity("/api/global-holdout", JsonNode.class).getBody();
            assertThat(state.get("percent").asDouble()).isEqualTo(40);
            assertThat(state.toString()).as("the seed would tell who is in the group").doesNotContain("seed\"");
            GlobalHoldout.Group group = holdout.current();
            Set<String> held = new HashSet<>();
            for (String msisdn : msisdns.subList(1, msisdns.size())) {
                if (group.contains(msisdn)) {
                    held.add(msisdn);
                }
            }
            assertThat(held).as("40% of 59, give or take").hasSizeBetween(10, 40);

            String id = campaign();
            JsonNode preview = admin().postForEntity("/api/campaigns/" + id + "/preview", text(list.toString()), JsonNode.class)
                    .getBody();
            JsonNode launched = admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L1", text(list.toString()),
                    JsonNode.class).getBody();
            assertThat(launched.at("/byOutcome/GLOBAL_HOLDOUT").asLong()).isEqualTo(held.size());
            assertThat(launched.at("/byOutcome/BLACKLIST").asLong()).as("the other rules come first").isEqualTo(1);
            com.fasterxml.jackson.databind.node.ObjectNode funnel = preview.get("funnel").deepCopy();
            funnel.remove("CONTROL"); // 0: the campaign has no control group, and a launch counts only what it decided
            assertThat(funnel).isEqualTo(launched.get("byOutcome"));
            Map<String, String> decided = new TreeMap<>();
            jdbc.query("SELECT msisdn, coalesce(reason, status) FROM campaign_contact WHERE campaign_id = ?", rs -> {
                decided.put(rs.getString(1), rs.getString(2));
            }, id);
            for (String msisdn : msisdns.subList(1, msisdns.size())) {
                assertThat(decided.get(msisdn)).as(msisdn).isEqualTo(held.contains(msisdn) ? "GLOBAL_HOLDOUT" : "PENDING");
            }
            Map<String, String> triggered = new TreeMap<>();
            for (ContactPolicy.Decision d : policy.decideCustomers(campaigns.find(id).orElseThrow(), msisdns.subList(1, 60),
                    Instant.now())) {
                triggered.put(d.msisdn(), d.exclusion() == null ? "PENDING" : d.exclusion());
            }
            assertThat(triggered).as("a triggered decision holds the same customers out")
                    .isEqualTo(new TreeMap<>(decided.entrySet().stream().filter(e -> !e.getKey().equals(m(0)))
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));

            // an ADMIN re-draws the group: a new seed, so other customers
            ResponseEntity<JsonNode> redrawn = admin().postForEntity("/api/global-holdout/reseed", null, JsonNode.class);
            assertThat(redrawn.getStatusCode()).isEqualTo(HttpStatus.OK);
            GlobalHoldout.Group second = holdout.current();
            assertThat(second.seed()).isNotEqualTo(group.seed());
            assertThat(msisdns).anyMatch(x -> group.contains(x) != second.contains(x));
            // the schedule re-draws it once it has stood for reseed-every, not before
            holdout.reseedIfDue();
            assertThat(holdout.current().seed()).isEqualTo(second.seed());
            Duration every = settings.getReseedEvery();
            settings.setReseedEvery(Duration.ofMillis(1));
            try {
                holdout.reseedIfDue();
            } finally {
                settings.setReseedEvery(every);
            }
            assertThat(holdout.current().seed()).isNotEqualTo(second.seed());

            // the report: a group in force through last month (drawn before it), orders of some customers on each side
            LocalDate from = LocalDate.now(HubTime.ZONE).minusDays(40);
            LocalDate to = from.plusDays(9);
            String seed = "IT-" + UUID.randomUUID();
            jdbc.update("INSERT INTO global_holdout_seed (seed, percent, since, created_by) VALUES (?, 40, ?, 'test')",
                    seed, Timestamp.from(from.minusDays(1).atStartOfDay(HubTime.ZONE).toInstant()));
            jdbc.update("INSERT INTO global_holdout_seed (seed, percent, since, created_by) VALUES (?, 40, ?, 'test')",
                    "IT2-" + seed, Timestamp.from(to.plusDays(2).atStartOfDay(HubTime.ZONE).toInstant()));
            GlobalHoldout.Group past = new GlobalHoldout.Group(seed, 40, Instant.now());
            Instant inPeriod = from.plusDays(3).atStartOfDay(HubTime.ZONE).toInstant();
            for (int i = 1; i < 30; i++) {
                order(m(i), inPeriod, 1);
            }
            order(m(31), to.plusDays(1).atStartOfDay(HubTime.ZONE).toInstant(), 1);   // after the period
            order(m(32), inPeriod, 0);                                                 // cancelled

            JsonNode report = admin().getForEntity("/api/global-holdout/report?from=" + from + "&to=" + to, JsonNode.class)
                    .getBody();
            long customers = jdbc.queryForObject("SELECT count(*) FROM customer WHERE NOT deleted", Long.class);
            assertThat(report.get("heldOut").asLong() + report.get("others").asLong()).isEqualTo(customers);
            Set<String> ordering = new HashSet<>(jdbc.queryForList("SELECT DISTINCT o.msisdn FROM boss_order o JOIN customer c"
                    + " USING (msisdn) WHERE NOT c.deleted AND o.status = 1 AND o.order_time >= ? AND o.order_time < ?",
                    String.class, Timestamp.from(from.atStartOfDay(HubTime.ZONE).toInstant()),
                    Timestamp.from(to.plusDays(1).atStartOfDay(HubTime.ZONE).toInstant())));
            long heldOrdering = ordering.stream().filter(past::contains).count();
            assertThat(report.get("heldOutOrdering").asLong()).isEqualTo(heldOrdering);
            assertThat(report.get("othersOrdering").asLong()).isEqualTo(ordering.size() - heldOrdering);
            assertThat(report.at("/lift/pValue").isNumber()).isTrue();

            ResponseEntity<JsonNode> spans = admin().getForEntity("/api/global-holdout/report?from=" + from + "&to="
                    + to.plusDays(5), JsonNode.class);
            assertThat(spans.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(spans.getBody().at("/errors/0/message").asText()).contains("re-drawn on " + to.plusDays(2));
            ResponseEntity<JsonNode> backwards = admin().getForEntity("/api/global-holdout/report?from=" + to + "&to="
                    + from, JsonNode.class);
            assertThat(backwards.getBody().at("/errors/0/field").asText()).isEqualTo("to");
            ResponseEntity<JsonNode> notADate = admin().getForEntity("/api/global-holdout/report?from=yesterday&to=" + to,
                    JsonNode.class);
            assertThat(notADate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(notADate.getBody().toString()).contains("from").doesNotContain("Exception");
        } finally {
            settings.setPercent(0);
        }
        assertThat(holdout.current()).as("off again: no customer held out").isNull();
    }

    private void order(String msisdn, Instant at, int status) {
        jdbc.update("INSERT INTO boss_order (order_id, msisdn, product_id, order_time, status) VALUES (?, ?, 'P-X', ?, ?)",
                "O-" + UUID.randomUUID(), msisdn, Timestamp.from(at), status);
    }

    private String campaign() {
        String id = "GH-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> c = CampaignJson.of(id, Map.of("PORTAL", Map.of("title", "t", "body", "b", "url",
                "https://portal/x")), OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(1));
        assertThat(admin().postForEntity("/api/campaigns", c, String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return id;
    }

    private static HttpEntity<byte[]> text(String body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        return new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), h);
    }

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }
}

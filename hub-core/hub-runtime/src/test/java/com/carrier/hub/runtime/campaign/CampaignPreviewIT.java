package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

import com.carrier.hub.runtime.touchpoints.ChannelPreferences;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The preview through the API: the funnel, a touchpoint's load spread over days by its capacity, rendered messages with
 * customers masked, every target source, and the refusals (unknown or finished campaign, a bad sample, a bad query). That a preview decides as a launch would, by either path, is {@link ContactPolicyPartsIT}'s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class CampaignPreviewIT {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ChannelPreferences preferences;

    private final String prefix = "136" + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000));

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    private void customer(String msisdn, String name) {
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                + " customer_class, arpu_3m_fen, update_time) VALUES (?, ?, ?, 'GOTONE', '591', 'P100', 1, NULL, 5, 100, now())",
                msisdn, "C" + msisdn, name);
    }

    @Test
    void aListIsPreviewedWithItsFunnelLoadAndRenderedMessagesAndNothingIsWritten() {
        for (int i = 1; i <= 5; i++) {
            customer(m(i), i == 3 ? "<script>alert(1)</script>" : "客户" + i);
        }
        jdbc.update("INSERT INTO blacklist (msisdn, source) VALUES (?, 'TEST')", m(5));
        String id = campaign("PORTAL", Map.of("title", "给${name}", "body", "号码 ${msisdn}，${attr1}", "url", "https://portal/x"));
        String list = m(1) + "|S1|0.5|A-1||\n" + m(2) + "|S1|0.5|A-2||\n" + m(3) + "|S1|0.5|A-3||\n" + m(4)
                + "|S1|0.5|||\n" + m(5) + "|S1|0.5|A-5||\n" + "12345|S1|||||\n" + m(1) + "|S1|0.5|A-1||\n" + m(9) + "|S1||||\n";

        Long capacity = preferences.getDailyCapacity().get("PORTAL");
        preferences.getDailyCapacity().put("PORTAL", 1_000_000L);
        ResponseEntity<JsonNode> r;
        try {
            r = admin().postForEntity("/api/campaigns/" + id + "/preview", text(list), JsonNode.class);
        } finally {
            restore("PORTAL", capacity);
        }
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode p = r.getBody();
        assertThat(p.get("rows").asLong()).isEqualTo(8);
        assertThat(p.get("sampled").asBoolean()).isFalse();
        assertThat(p.get("funnel")).hasToString("{\"BAD_MSISDN\":1,\"DUPLICATE\":1,\"BLACKLIST\":1,"
                + "\"UNKNOWN_CUSTOMER\":1,\"CONTROL\":0,\"TREATMENT\":4}");
        JsonNode portal = p.get("channels").get(0);
        assertThat(portal.get("touchpoint").asText()).isEqualTo("PORTAL");
        assertThat(portal.get("treatment").asLong()).isEqualTo(4);
        assertThat(portal.get("capacityPerDay").asLong()).isEqualTo(1_000_000);
        long planned = 0;
        for (JsonNode day : portal.get("days")) {
            assertThat(day.get("contacts").asLong() + day.get("booked").asLong()).isLessThanOrEqualTo(1_000_000);
            planned += day.get("contacts").asLong();
        }
        assertThat(planned + portal.get("beyondPlan").asLong()).isEqualTo(4);

        List<JsonNode> samples = new ArrayList<>();
        p.get("samples").forEach(samples::add);
        assertThat(samples).hasSize(CampaignPreview.SAMPLES);
        for (JsonNode s : samples) {
            assertThat(s.get("customer").asText()).matches("136\\*{4}\\d{4}");
        }
        assertThat(r.getBody().toString()).as("no number in clear").doesNotContain(m(1), m(2), m(3), m(4));
        JsonNode first = samples.get(0);
        assertThat(first.path("failure").asText(null)).isNull();
        assertThat(first.at("/fields/title").asText()).isEqualTo("给客户1");
        assertThat(first.at("/fields/body").asText()).isEqualTo("号码 " + first.get("customer").asText() + "，A-1");
        assertThat(samples.get(2).at("/fields/title").asText()).as("kept as text; the console escapes it")
                .isEqualTo("给<script>alert(1)</script>");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?", Long.class, id)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ?", Long.class, id)).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT action || ' ' || outcome FROM audit_event WHERE target = ? AND actor = 'admin'", String.class, id))
                .as("who previewed what is in the audit trail").contains("campaigns.preview 200"));
    }

    @Test
    void aTouchpointsCapacitySpreadsTheContactsOverDaysAndNamesWhatDoesNotFit() {
        for (int i = 20; i < 26; i++) {
            customer(m(i), "客户");
        }
        String id = campaign("PORTAL", Map.of("title", "t", "body", "b", "url", "https://portal/x"));
        StringBuilder list = new StringBuilder();
        for (int i = 20; i < 26; i++) {
            list.append(m(i)).append("|S1||||\n");
        }
        Long capacity = preferences.getDailyCapacity().get("PORTAL");
        // today's bookings are other tests' too: a capacity above them by 2 leaves room for 2 contacts today
        long booked = bookedToday("PORTAL");
        preferences.getDailyCapacity().put("PORTAL", booked + 2);
        JsonNode portal;
        try {
            portal = admin().postForEntity("/api/campaigns/" + id + "/preview", text(list.toString()), JsonNode.class)
                    .getBody().get("channels").get(0);
        } finally {
            restore("PORTAL", capacity);
        }
        assertThat(portal.get("treatment").asLong()).isEqualTo(6);
        JsonNode days = portal.get("days");
        assertThat(days.get(0).get("contacts").asLong()).isLessThanOrEqualTo(2);
        assertThat(days.get(0).get("full").asBoolean()).isTrue();
        long planned = days.get(0).get("contacts").asLong();
        for (int d = 1; d < days.size(); d++) {
            long contacts = days.get(d).get("contacts").asLong();
            assertThat(contacts).as("a day ahead has the whole capacity")
                    .isEqualTo(Math.min(6 - planned, days.get(d).get("capacity").asLong()));
            planned += contacts;
        }
        assertThat(planned).isEqualTo(6);
        assertThat(portal.get("beyondPlan").asLong()).isZero();
    }

    @Test
    void aQueryAGroupAndASampleArePreviewedAndBadInputIsRefusedNamingTheField() {
        for (int i = 40; i < 44; i++) {
            customer(m(i), "客户");
        }
        String id = campaign("PORTAL", Map.of("title", "t", "body", "b", "url", "https://portal/x"));
        assertThat(admin().postForEntity("/api/customer-groups", Map.of("id", "GP-" + prefix, "name", "预览",
                "msisdns", List.of(m(40), m(41), m(42))), JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode group = admin().postForEntity("/api/campaigns/" + id + "/preview:group?groupId=GP-" + prefix, null,
                JsonNode.class).getBody();
        assertThat(group.get("rows").asLong()).isEqualTo(3);
        assertThat(group.at("/funnel/TREATMENT").asLong()).isEqualTo(3);

        ResponseEntity<JsonNode> query = admin().postForEntity("/api/campaigns/" + id + "/preview:query",
                Map.of("statuses", List.of(1), "brands", List.of("GOTONE"), "cities", List.of("591")),
                JsonNode.class);
        assertThat(query.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(query.getBody().at("/funnel/TREATMENT").asLong()).isGreaterThanOrEqualTo(4);

        ResponseEntity<JsonNode> typo = admin().postForEntity("/api/campaigns/" + id + "/preview:query",
                Map.of("brand", List.of("GOTONE")), JsonNode.class);
        assertThat(typo.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(typo.getBody().at("/errors/0/field").asText()).isEqualTo("brand");
        ResponseEntity<JsonNode> noGroup = admin().postForEntity("/api/campaigns/" + id + "/preview:group?groupId=NONE-"
                + prefix, null, JsonNode.class);
        assertThat(noGroup.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noGroup.getBody().at("/errors/0/field").asText()).isEqualTo("groupId");

        String list = m(40) + "|S1||||\n" + m(41) + "|S1||||\n" + m(42) + "|S1||||\n";
        JsonNode sample = admin().postForEntity("/api/campaigns/" + id + "/preview?sample=2", text(list), JsonNode.class)
                .getBody();
        assertThat(sample.get("rows").asLong()).isEqualTo(2);
        assertThat(sample.get("sampled").asBoolean()).isTrue();
        ResponseEntity<JsonNode> zero = admin().postForEntity("/api/campaigns/" + id + "/preview?sample=0", text(list),
                JsonNode.class);
        assertThat(zero.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(zero.getBody().at("/errors/0/field").asText()).isEqualTo("sample");
        ResponseEntity<JsonNode> nul = admin().postForEntity("/api/campaigns/" + id + "/preview", text(m(40) + "|S\u00001||||\n"),
                JsonNode.class);
        assertThat(nul.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nul.getBody().at("/errors/0/field").asText()).isEqualTo("(body) line 1");

        ResponseEntity<JsonNode> unknown = admin().postForEntity("/api/campaigns/NO-" + prefix + "/preview", text(list),
                JsonNode.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        assertThat(admin().postForEntity("/api/campaigns/" + id + "/cancel", null, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> finished = admin().postForEntity("/api/campaigns/" + id + "/preview", text(list),
                JsonNode.class);
        assertThat(finished.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(finished.getBody().toString()).contains("CANCELLED").doesNotContain("SELECT", "Exception");
    }

    @Test
    void schedulingACampaignThatOverbooksATouchpointWarnsWithTheDayAndThePlanShowsItsLoad() {
        for (int i = 60; i < 66; i++) {
            customer(m(i), "客户");
        }
        java.time.LocalDate startDay = java.time.LocalDate.now(com.carrier.hub.api.HubTime.ZONE).plusDays(4);
        String id = campaign("PORTAL", Map.of("title", "t", "body", "b", "url", "https://portal/x"),
                startDay.atTime(10, 0).atOffset(ZoneOffset.ofHours(8)));
        StringBuilder list = new StringBuilder();
        for (int i = 60; i < 66; i++) {
            list.append(m(i)).append("|S1||||\n");
        }
        assertThat(admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L1", text(list.toString()), JsonNode.class)
                .getBody().at("/byOutcome/TREATMENT").asLong()).isEqualTo(6);

        Long capacity = preferences.getDailyCapacity().get("PORTAL");
        preferences.getDailyCapacity().put("PORTAL", 1L);
        try {
            long dueBefore = due(admin().getForEntity("/api/touchpoints/plan?days=7", JsonNode.class).getBody(), "PORTAL", 4);
            ResponseEntity<JsonNode> scheduled = admin().postForEntity("/api/campaigns/" + id + "/schedule", null,
                    JsonNode.class);
            assertThat(scheduled.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(scheduled.getBody().get("status").asText()).isEqualTo("SCHEDULED");
            assertThat(scheduled.getBody().get("warnings")).isNotNull();
            assertThat(scheduled.getBody().get("warnings").toString()).contains("PORTAL " + startDay, "capacity of 1",
                    "because of this campaign");
            JsonNode plan = admin().getForEntity("/api/touchpoints/plan?days=7", JsonNode.class).getBody();
            assertThat(due(plan, "PORTAL", 4)).as("the scheduled campaign's contacts fall due on its first day")
                    .isEqualTo(dueBefore + 6);
        } finally {
            restore("PORTAL", capacity);
        }

        preferences.getDailyCapacity().remove("PORTAL");
        try {
            String unlimited = campaign("PORTAL", Map.of("title", "t", "body", "b", "url", "https://portal/x"),
                    startDay.atTime(10, 0).atOffset(ZoneOffset.ofHours(8)));
            admin().postForEntity("/api/campaigns/" + unlimited + "/targets?listId=L1", text(m(60) + "|S1||||\n"),
                    JsonNode.class);
            JsonNode ok = admin().postForEntity("/api/campaigns/" + unlimited + "/schedule", null, JsonNode.class).getBody();
            assertThat(ok.get("status").asText()).isEqualTo("SCHEDULED");
            assertThat(ok.has("warnings")).as("nothing overbooks an unlimited touchpoint").isFalse();
        } finally {
            restore("PORTAL", capacity);
        }

        for (String days : List.of("0", "93", "x")) {
            ResponseEntity<JsonNode> bad = admin().getForEntity("/api/touchpoints/plan?days=" + days, JsonNode.class);
            assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(bad.getBody().toString()).contains("days");
        }
    }

    /** A touchpoint's contacts falling due on day {@code day} (0 is today) in a plan answer. */
    private static long due(JsonNode plans, String touchpoint, int day) {
        for (JsonNode p : plans) {
            if (p.get("touchpoint").asText().equals(touchpoint)) {
                return p.get("days").get(day).get("due").asLong();
            }
        }
        throw new AssertionError(touchpoint + " is not in the plan: " + plans);
    }

    private long bookedToday(String channel) {
        java.time.LocalDate today = java.time.LocalDate.now(com.carrier.hub.api.HubTime.ZONE);
        java.sql.Timestamp start = java.sql.Timestamp.from(today.atStartOfDay(com.carrier.hub.api.HubTime.ZONE).toInstant());
        java.sql.Timestamp end = java.sql.Timestamp.from(today.plusDays(1).atStartOfDay(com.carrier.hub.api.HubTime.ZONE)
                .toInstant());
        return jdbc.queryForObject("SELECT (SELECT count(*) FROM campaign c JOIN campaign_contact cc ON cc.campaign_id = c.id"
                + " WHERE c.status = 'RUNNING' AND cc.status IN ('PENDING', 'DEFERRED') AND cc.channel = ?"
                + " AND (cc.not_before IS NULL OR cc.not_before < ?))"
                + " + (SELECT count(*) FROM campaign_contact WHERE channel = ? AND contacted_at >= ?)", Long.class,
                channel, end, channel, start);
    }

    private void restore(String channel, Long capacity) {
        if (capacity == null) {
            preferences.getDailyCapacity().remove(channel);
        } else {
            preferences.getDailyCapacity().put(channel, capacity);
        }
    }

    private String campaign(String channel, Map<String, String> template) {
        return campaign(channel, template, OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(5));
    }

    private String campaign(String channel, Map<String, String> template, OffsetDateTime start) {
        String id = "PV-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> c = CampaignJson.of(id, Map.of(channel, template), start);
        c.put("name", "preview");
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

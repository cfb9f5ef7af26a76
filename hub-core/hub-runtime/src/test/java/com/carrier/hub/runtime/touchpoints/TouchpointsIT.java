package com.carrier.hub.runtime.touchpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.QuietHoursClock;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Touchpoints as plug-ins: a touchpoint bean the hub does not ship (a call-like one that quiet hours hold) is named by
 * campaigns, validated by its template fields and held in quiet hours like SMS; {@code GET /api/touchpoints} lists
 * every touchpoint with its load, which moves after a dispatch.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms",
                "hub.campaigns.channel-order.3=CALLTEST,SMS", "hub.campaigns.channel-order.4=PORTAL,MM,SMS",
                "hub.security.users.viewer.password=viewer", "hub.security.users.viewer.roles=VIEWER"})
@ActiveProfiles("sandbox")
class TouchpointsIT {

    /** What the test touchpoint was asked to send. */
    static final List<String> CALLED = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class CallLike {

        @Bean
        Touchpoint callTestTouchpoint() {
            return new Touchpoint() {
                @Override
                public String id() {
                    return "CALLTEST";
                }

                @Override
                public String description() {
                    return "A call-like touchpoint of the test";
                }

                @Override
                public boolean idempotent() {
                    return false;
                }

                @Override
                public boolean quietHours() {
                    return true;
                }

                @Override
                public List<TemplateField> templateFields() {
                    return List.of(TemplateField.text("script", "what the agent says", true, 200));
                }

                @Override
                public List<String> responseTypes() {
                    return List.of("ACCEPTED", "DECLINED");
                }

                @Override
                public String connectorId() {
                    return null;
                }

                @Override
                public List<ContactResult> send(TouchpointSlice slice) {
                    slice.contacts().forEach(c -> CALLED.add(c.msisdn() + ":" + c.fields().get("script")));
                    return slice.contacts().stream().map(c -> ContactResult.sent(c.msisdn())).toList();
                }
            };
        }
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ChannelPreferences preferences;

    @Test
    void anUnknownTouchpointIsRefusedNamingItsPosition() {
        Map<String, Object> c = campaign("PORTAL", Map.of("PORTAL", Map.of("title", "t", "body", "b")));
        c.put("channels", List.of("PORTAL", "WECHAT"));
        Map<String, List<String>> errors = errors(c);
        assertThat(errors).containsKey("channels[1]");
        assertThat(errors.get("channels[1]").get(0)).contains("WECHAT", "SMS", "PORTAL", "MM", "MANAGER", "CALLTEST");
    }

    @Test
    void aTemplateMissingARequiredFieldOfItsTouchpointIsRefusedNamingTheField() {
        Map<String, List<String>> portal = errors(campaign("PORTAL", Map.of("PORTAL", Map.of("body", "b"))));
        assertThat(portal).containsKey("templates.PORTAL.title").doesNotContainKey("templates.PORTAL.body");
        Map<String, List<String>> plugIn = errors(campaign("CALLTEST", Map.of("CALLTEST", Map.of("scirpt", "hello"))));
        assertThat(plugIn).containsKeys("templates.CALLTEST.script", "templates.CALLTEST.scirpt");
        assertThat(plugIn.get("templates.CALLTEST.script").get(0)).contains("what the agent says");
    }

    @Test
    void quietHoursHoldEveryTouchpointThatKeepsThemNotOnlySms() {
        // a quiet window around now, whatever the hour: the contacts wait for its end, none reaches the touchpoint
        LocalTime local = LocalTime.now(HubTime.ZONE).truncatedTo(ChronoUnit.MINUTES);
        CampaignDefinition.QuietHours quiet = new CampaignDefinition.QuietHours(local.minusHours(2), local.plusHours(2));
        Map<String, Object> c = campaign("CALLTEST", Map.of("CALLTEST", Map.of("script", "您好${name}")));
        c.put("quietHours", Map.of("start", quiet.start().toString(), "end", quiet.end().toString()));
        String id = (String) c.get("id");
        List<String> msisdns = CampaignRun.customers(jdbc, "135", 3, 3);
        CampaignRun.start(rest, c, msisdns);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT channel || ':' || status || ':' || coalesce(reason, '') FROM campaign_contact WHERE campaign_id = ?",
                String.class, id)).containsOnly("CALLTEST:DEFERRED:QUIET_HOURS").hasSize(3));
        Instant until = QuietHoursClock.nextAllowed(Instant.now(), quiet);
        assertThat(jdbc.queryForList("SELECT not_before FROM campaign_contact WHERE campaign_id = ?", Timestamp.class, id))
                .extracting(Timestamp::toInstant).containsOnly(until);
        assertThat(CALLED).noneMatch(s -> msisdns.contains(s.substring(0, 11)));

        // planned today: what is due before the day ends (the window may end tomorrow)
        Instant dayEnd = LocalDate.now(HubTime.ZONE).plusDays(1).atStartOfDay(HubTime.ZONE).toInstant();
        JsonNode callTest = touchpoint("CALLTEST");
        assertThat(callTest.path("quietHours").asBoolean()).isTrue();
        assertThat(callTest.path("today").path("planned").asLong()).isEqualTo(until.isBefore(dayEnd) ? 3 : 0);
        assertThat(callTest.path("today").hasNonNull("remaining")).as("unlimited: no remaining").isFalse();
    }

    @Test
    void touchpointsAreListedWithTheirLoadWhichMovesAfterADispatch() {
        JsonNode before = touchpoint("PORTAL");
        assertThat(ids()).contains("SMS", "PORTAL", "MM", "MANAGER", "CALLTEST");
        assertThat(before.path("idempotent").asBoolean()).isTrue();
        assertThat(before.path("quietHours").asBoolean()).isFalse();
        assertThat(before.path("templateFields")).extracting(f -> f.path("name").asText() + ":" + f.path("required").asBoolean())
                .containsExactly("title:true", "body:true", "url:false");
        assertThat(before.path("responseTypes").toString()).contains("CLICKED");
        assertThat(before.path("connector").asText()).isEqualTo("portal");
        assertThat(before.path("health").path("status").asText()).isEqualTo("UP");
        assertThat(touchpoint("SMS").path("quietHours").asBoolean()).isTrue();
        assertThat(touchpoint("MANAGER").hasNonNull("health")).as("no connector, no health").isFalse();

        long used = before.path("today").path("used").asLong();
        preferences.getDailyCapacity().put("portal", used + 1000);
        try {
            Map<String, Object> c = campaign("PORTAL", Map.of("PORTAL", Map.of("title", "${name}", "body", "优惠")));
            String id = (String) c.get("id");
            CampaignRun.start(rest, c, CampaignRun.customers(jdbc, "136", 2, 4));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "SELECT status FROM campaign_contact WHERE campaign_id = ?", String.class, id)).containsOnly("SENT").hasSize(2));
            JsonNode after = touchpoint("PORTAL");
            assertThat(after.path("dailyCapacity").asLong()).isEqualTo(used + 1000);
            assertThat(after.path("today").path("used").asLong()).isGreaterThanOrEqualTo(used + 2);
            assertThat(after.path("today").path("remaining").asLong())
                    .isEqualTo(used + 1000 - after.path("today").path("used").asLong());
        } finally {
            preferences.getDailyCapacity().remove("portal");
        }
    }

    private List<String> ids() {
        List<String> ids = new ArrayList<>();
        list().forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    private JsonNode touchpoint(String id) {
        for (JsonNode t : list()) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("no touchpoint " + id + " in " + list());
    }

    private JsonNode list() {
        ResponseEntity<JsonNode> r = rest.withBasicAuth("viewer", "viewer").getForEntity("/api/touchpoints", JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        return r.getBody();
    }

    private static Map<String, Object> campaign(String channel, Map<String, Object> templates) {
        String id = "TP-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Map<String, Object> c = new HashMap<>(Map.of("id", id, "name", "touchpoints", "type", "PROMOTION", "productId", "P-" + id,
                "channels", List.of(channel), "templates", templates,
                "start", now.minusMinutes(1).toString(), "end", now.plusDays(3).toString()));
        c.put("controlPercent", 0);
        return c;
    }


    private Map<String, List<String>> errors(Map<String, Object> body) {
        ResponseEntity<JsonNode> r = rest.withBasicAuth("admin", "admin").postForEntity("/api/campaigns", body, JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode e : r.getBody().get("errors")) {
            errors.computeIfAbsent(e.get("field").asText(), k -> new ArrayList<>()).add(e.get("message").asText());
        }
        return errors;
    }
}

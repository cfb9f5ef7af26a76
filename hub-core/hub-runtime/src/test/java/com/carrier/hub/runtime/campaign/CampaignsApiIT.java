package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.carrier.hub.runtime.HubIT;
import com.fasterxml.jackson.databind.JsonNode;

class CampaignsApiIT extends HubIT {

    private static Map<String, Object> campaign(String id) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "5G 套餐升级");
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS", "PORTAL"));
        c.put("templates", Map.of(
                "SMS", Map.of("text", "尊敬的${name}，5G套餐${attr1}元，回复Y办理"),
                "PORTAL", Map.of("title", "5G 升级", "body", "${name}，专属优惠", "url", "https://portal.example/5g")));
        c.put("sourceAddress", "10658001");
        c.put("start", "2026-11-23T08:00:00+08:00");
        c.put("end", "2026-12-23T08:00:00+08:00");
        c.put("targets", List.of(Map.of("metric", "ORDERED", "value", 10000)));
        return c;
    }

    private static String newId() {
        return "C-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createsADraftWithTheDocumentedDefaults() {
        String id = newId();
        ResponseEntity<JsonNode> r = as("operator").postForEntity("/api/campaigns", campaign(id), JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(r.getHeaders().getLocation()).hasToString("/api/campaigns/" + id);
        JsonNode d = r.getBody().get("definition");
        assertThat(r.getBody().get("status").asText()).isEqualTo("DRAFT");
        assertThat(d.get("controlPercent").asDouble()).isEqualTo(5.0);
        assertThat(d.get("responseWindowDays").asInt()).isEqualTo(7);
        assertThat(d.at("/quietHours/start").asText()).isEqualTo("21:00:00");
        assertThat(d.at("/quietHours/end").asText()).isEqualTo("08:00:00");
        assertThat(d.get("acceptKeywords").toString()).isEqualTo("[\"Y\",\"1\"]");
        assertThat(d.at("/rules/maxSmsPerDay").asInt()).isEqualTo(1);
        assertThat(d.at("/rules/maxSmsPerWeek").asInt()).isEqualTo(3);
        assertThat(as("viewer").getForEntity("/api/campaigns/" + id, JsonNode.class).getBody().at("/definition/name").asText())
                .isEqualTo("5G 套餐升级");
    }

    @Test
    void endBeforeStartNamesEnd() {
        Map<String, Object> c = campaign(newId());
        c.put("end", "2026-11-01T08:00:00+08:00");
        assertThat(errors(c)).containsEntry("end", List.of("must be after start (2026-11-23T08:00+08:00), got 2026-11-01T08:00+08:00"));
    }

    @Test
    void unknownChannelNamesItsPosition() {
        Map<String, Object> c = campaign(newId());
        c.put("channels", List.of("SMS", "WECHAT"));
        Map<String, List<String>> errors = errors(c);
        assertThat(errors).containsKey("channels[1]");
        assertThat(errors.get("channels[1]").get(0)).contains("WECHAT");
    }

    @Test
    void templatePlaceholderTypoIsNamed() {
        Map<String, Object> c = campaign(newId());
        c.put("templates", Map.of("SMS", Map.of("text", "尊敬的${nmae}"), "PORTAL", Map.of("title", "t", "body", "b")));
        Map<String, List<String>> errors = errors(c);
        assertThat(errors).containsKey("templates.SMS.text");
        assertThat(errors.get("templates.SMS.text").get(0)).contains("${nmae}", "${name}");
    }

    @Test
    void controlPercentOutsideZeroToFiftyIsRefused() {
        for (Object bad : List.of(-1, 50.5, 60)) {
            Map<String, Object> c = campaign(newId());
            c.put("controlPercent", bad);
            assertThat(errors(c)).as("controlPercent %s", bad).containsKey("controlPercent");
        }
        Map<String, Object> edge = campaign(newId());
        edge.put("controlPercent", 50);
        assertThat(as("operator").postForEntity("/api/campaigns", edge, String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void everyMissingRequiredFieldIsListedAtOnce() {
        Map<String, List<String>> errors = errors(Map.of("type", "PROMOTION"));
        assertThat(errors).containsKeys("id", "name", "productId", "channels", "start", "end");
    }

    @Test
    void unreadableValueNamesTheField() {
        Map<String, Object> c = campaign(newId());
        c.put("start", "tomorrow morning");
        ResponseEntity<JsonNode> r = as("operator").postForEntity("/api/campaigns", c, JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().at("/errors/0/field").asText()).isEqualTo("start");
    }

    @Test
    void sameIdTwiceIsAConflict() {
        String id = newId();
        as("operator").postForEntity("/api/campaigns", campaign(id), String.class);
        ResponseEntity<String> again = as("operator").postForEntity("/api/campaigns", campaign(id), String.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody()).contains(id, "already exists");
    }

    @Test
    void viewerCannotCreateOrAct() {
        assertThat(as("viewer").postForEntity("/api/campaigns", campaign(newId()), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void lifecycleFollowsTheStatesAndRefusesTheRestNamingWhy() {
        String id = newId();
        as("operator").postForEntity("/api/campaigns", campaign(id), String.class);
        ResponseEntity<String> early = act(id, "pause");
        assertThat(early.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(early.getBody()).contains("cannot pause", "DRAFT", "RUNNING");
        List<String> seen = new ArrayList<>();
        for (String action : List.of("schedule", "start", "pause", "resume", "complete")) {
            ResponseEntity<String> r = act(id, action);
            assertThat(r.getStatusCode()).as(action).isEqualTo(HttpStatus.OK);
            seen.add(as("viewer").getForEntity("/api/campaigns/" + id, JsonNode.class).getBody().get("status").asText());
        }
        assertThat(seen).containsExactly("SCHEDULED", "RUNNING", "PAUSED", "RUNNING", "COMPLETED");
        assertThat(act(id, "cancel").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(act(id, "explode").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void patchOfARunningCampaignsContentIsRefusedButItsNameAndEndMayChange() {
        String id = newId();
        as("operator").postForEntity("/api/campaigns", campaign(id), String.class);
        act(id, "schedule");
        act(id, "start");

        ResponseEntity<String> content = patch(id, Map.of("templates", Map.of("SMS", Map.of("text", "新文案"))));
        assertThat(content.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(content.getBody()).contains("templates", "RUNNING");

        ResponseEntity<String> name = patch(id, Map.of("name", "5G 升级（延长）", "end", "2026-12-31T08:00:00+08:00"));
        assertThat(name.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode now = as("viewer").getForEntity("/api/campaigns/" + id, JsonNode.class).getBody();
        assertThat(now.at("/definition/name").asText()).isEqualTo("5G 升级（延长）");
        assertThat(now.at("/definition/templates/SMS/text").asText()).startsWith("尊敬的${name}");
    }

    @Test
    void patchOfADraftIsValidatedLikeACreate() {
        String id = newId();
        as("operator").postForEntity("/api/campaigns", campaign(id), String.class);
        ResponseEntity<JsonNode> bad = as("operator").exchange("/api/campaigns/" + id, HttpMethod.PATCH,
                json(Map.of("controlPercent", 75)), JsonNode.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().at("/errors/0/field").asText()).isEqualTo("controlPercent");
        assertThat(patch(id, Map.of("controlPercent", 10)).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<String> act(String id, String action) {
        return as("operator").postForEntity("/api/campaigns/" + id + "/" + action, null, String.class);
    }

    private ResponseEntity<String> patch(String id, Map<String, Object> body) {
        return as("operator").exchange("/api/campaigns/" + id, HttpMethod.PATCH, json(body), String.class);
    }

    private static HttpEntity<Map<String, Object>> json(Map<String, Object> body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, h);
    }

    private Map<String, List<String>> errors(Map<String, Object> body) {
        ResponseEntity<JsonNode> r = as("operator").postForEntity("/api/campaigns", body, JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode e : r.getBody().get("errors")) {
            errors.computeIfAbsent(e.get("field").asText(), k -> new ArrayList<>()).add(e.get("message").asText());
        }
        return errors;
    }
}

package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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

    @Test
    void aMisspeltFieldIsRefusedByNameOnCreateAndPatch() {
        Map<String, Object> c = campaign(newId());
        c.put("controlPercnt", 20);
        Map<String, List<String>> errors = errors(c);
        assertThat(errors).containsOnlyKeys("controlPercnt");
        assertThat(errors.get("controlPercnt").get(0)).contains("unknown field", "controlPercent");

        String id = newId();
        as("operator").postForEntity("/api/campaigns", campaign(id), String.class);
        for (String value : List.of("20", "null")) {
            HttpHeaders h = new HttpHeaders();
            h.setContentType(MediaType.valueOf("application/merge-patch+json"));
            ResponseEntity<JsonNode> r = as("operator").exchange("/api/campaigns/" + id, HttpMethod.PATCH,
                    new HttpEntity<>("{\"controlPercnt\":" + value + "}", h), JsonNode.class);
            assertThat(r.getStatusCode()).as("controlPercnt %s", value).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(r.getBody().at("/errors/0/field").asText()).isEqualTo("controlPercnt");
        }
        ResponseEntity<JsonNode> nested = as("operator").exchange("/api/campaigns/" + id, HttpMethod.PATCH,
                json(Map.of("rules", Map.of("maxSmsPerDya", 5))), JsonNode.class);
        assertThat(nested.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(nested.getBody().at("/errors/0/field").asText()).isEqualTo("rules.maxSmsPerDya");
        assertThat(as("viewer").getForEntity("/api/campaigns/" + id, JsonNode.class).getBody()
                .at("/definition/controlPercent").asDouble()).isEqualTo(5.0);
    }

    @Test
    void aNulOrAnOverlongTextIsRefusedByNameAndNothingShowsSql() {
        Map<String, Object> nulName = campaign(newId());
        nulName.put("name", "5G\u0000升级");
        ResponseEntity<String> raw = as("operator").postForEntity("/api/campaigns", nulName, String.class);
        assertThat(raw.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(raw.getBody()).doesNotContainIgnoringCase("sql").doesNotContain("ERROR:", "at com.", "at org.");
        assertThat(errors(nulName)).containsEntry("name", List.of("must not contain U+0000 (NUL)"));

        Map<String, Object> nulTemplate = campaign(newId());
        nulTemplate.put("templates", Map.of("SMS", Map.of("text", "回复Y\u0000办理"), "PORTAL", Map.of("title", "t", "body", "b")));
        assertThat(errors(nulTemplate)).containsKey("templates.SMS.text");

        Map<String, Object> long1 = campaign(newId());
        long1.put("productId", "P".repeat(5000));
        long1.put("templates", Map.of("SMS", Map.of("text", "回".repeat(10_000)), "PORTAL", Map.of("title", "t", "body", "b")));
        assertThat(errors(long1)).containsKeys("productId", "templates.SMS.text");
    }

    @Test
    void anUploadIsRefusedForAnUnknownCharsetANulOrAnOverlongListId() throws Exception {
        String id = newId();
        as("operator").postForEntity("/api/campaigns", campaign(id), String.class);
        HttpResponse<String> charset = upload(id, "L1", "text/plain;charset=XYZ", "13800000001|S||||\n");
        assertThat(charset.statusCode()).isEqualTo(415);
        assertThat(charset.body()).contains("XYZ").doesNotContain("no campaign action");

        HttpResponse<String> nul = upload(id, "L2", "text/plain", "13800000001|S||||\n13800000002|S\u0000||||\n");
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.body()).contains("line 2", "U+0000").doesNotContainIgnoringCase("sql");

        HttpResponse<String> longId = upload(id, "L".repeat(5000), "text/plain", "13800000001|S||||\n");
        assertThat(longId.statusCode()).isEqualTo(400);
        assertThat(longId.body()).contains("listId");
        assertThat(as("viewer").getForEntity("/api/campaigns/" + id, JsonNode.class).getBody().at("/progress/targeted").asLong())
                .isZero();
    }

    private HttpResponse<String> upload(String id, String listId, String contentType, String body)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/campaigns/" + id + "/targets?listId=" + listId))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:operator-pw".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
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

package com.carrier.hub.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.Secret;
import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.TestBeans;
import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;

class AuditIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail audit;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    TestBeans.Flaky flaky;

    @AfterEach
    void reset() {
        flaky.reset();
    }

    @Test
    void anOperatorsCampaignActionsAreRecordedWithWhoWhereWhatAndTheStatusBeforeAndAfter() {
        String id = createCampaign();
        assertThat(as("operator").postForEntity("/api/campaigns/" + id + "/schedule", null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> patched = as("operator").exchange("/api/campaigns/" + id, HttpMethod.PATCH,
                new HttpEntity<>(Map.of("name", "5G 升级 二期")), JsonNode.class);
        assertThat(patched.getStatusCode()).isEqualTo(HttpStatus.OK);

        List<JsonNode> events = events("target=" + id);
        assertThat(events).extracting(e -> e.get("action").asText()).containsExactly("campaigns.patch", "campaigns.schedule");

        JsonNode schedule = events.get(1);
        assertThat(schedule.get("actor").asText()).isEqualTo("operator");
        assertThat(schedule.get("roles").toString()).isEqualTo("[\"OPERATOR\"]");
        assertThat(schedule.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(schedule.get("method").asText()).isEqualTo("POST");
        assertThat(schedule.get("path").asText()).isEqualTo("/api/campaigns/" + id + "/schedule");
        assertThat(schedule.get("outcome").asText()).isEqualTo("200");
        assertThat(schedule.at("/before/status").asText()).isEqualTo("DRAFT");
        assertThat(schedule.at("/after/status").asText()).isEqualTo("SCHEDULED");
        assertThat(Instant.parse(schedule.get("at").asText())).isBefore(Instant.now().plusSeconds(1));

        JsonNode patch = events.get(0);
        assertThat(patch.at("/before/definition/name").asText()).isEqualTo("5G 套餐升级");
        assertThat(patch.at("/after/definition/name").asText()).isEqualTo("5G 升级 二期");
        assertThat(patch.at("/after/status").asText()).isEqualTo("SCHEDULED");

        JsonNode create = events("actor=operator&action=campaigns.create").stream()
                .filter(e -> e.at("/after/definition/id").asText().equals(id)).findFirst().orElseThrow();
        assertThat(create.get("outcome").asText()).isEqualTo("201");
        assertThat(create.has("before")).isFalse();
        assertThat(create.at("/after/status").asText()).isEqualTo("DRAFT");
    }

    @Test
    void refusedRequestsAreRecordedWithTheirOutcomeAndReason() {
        String id = createCampaign();
        // 403: a viewer may not start a campaign; refused by the access rules, still named as the action it was
        assertThat(as("viewer").postForEntity("/api/campaigns/" + id + "/start", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        // 409: a DRAFT cannot start
        assertThat(as("operator").postForEntity("/api/campaigns/" + id + "/start", null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        List<JsonNode> starts = events("target=" + id + "&action=campaigns.start");
        assertThat(starts).hasSize(2);
        assertThat(starts.get(0).get("actor").asText()).isEqualTo("operator");
        assertThat(starts.get(0).get("outcome").asText()).isEqualTo("409");
        assertThat(starts.get(0).get("detail").asText()).contains("cannot start campaign " + id, "it is DRAFT");
        assertThat(starts.get(0).has("after")).isFalse();
        assertThat(starts.get(1).get("actor").asText()).isEqualTo("viewer");
        assertThat(starts.get(1).get("outcome").asText()).isEqualTo("403");

        // 400: a definition whose end is before its start
        String bad = newId();
        Map<String, Object> c = campaign(bad);
        c.put("end", "2026-11-01T08:00:00+08:00");
        assertThat(as("operator").postForEntity("/api/campaigns", c, String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode refused = events("actor=operator&action=campaigns.create&limit=1000").stream()
                .filter(e -> e.path("detail").asText().contains(bad)).findFirst().orElseThrow();
        assertThat(refused.get("outcome").asText()).isEqualTo("400");
        assertThat(refused.get("detail").asText()).contains("end must be after start");
    }

    @Test
    void deadLetterReplayAndDeleteAreRecordedWithTheLettersStateBeforeAndAfter() {
        flaky.permanent = true;
        producer.sendBodyAndHeader("direct:orders", "payload-audit-1", "orderId", "AU-1");
        long id = newestDeadLetter();
        as("operator").postForEntity("/api/dead-letters/" + id + "/replay", null, JsonNode.class);
        flaky.permanent = false;
        assertThat(as("operator").postForEntity("/api/dead-letters/" + id + "/replay", null, JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        // this operator's replays: other tests of the shared context try the same dead-letter id under other accounts
        List<JsonNode> replays = events("target=" + id + "&action=dead-letters.replay&actor=operator");
        assertThat(replays).hasSize(2);
        JsonNode failedAgain = replays.get(1);
        assertThat(failedAgain.get("outcome").asText()).isEqualTo("409");
        assertThat(failedAgain.at("/before/routeId").asText()).isEqualTo("test-orders-to-flaky");
        assertThat(failedAgain.at("/before/state").asText()).isEqualTo("DEAD_LETTERED");
        assertThat(failedAgain.at("/before/attempts").asInt()).isEqualTo(1);
        assertThat(failedAgain.at("/after/state").asText()).isEqualTo("DEAD_LETTERED");
        assertThat(failedAgain.at("/after/attempts").asInt()).isEqualTo(2);
        JsonNode replayed = replays.get(0);
        assertThat(replayed.get("outcome").asText()).isEqualTo("200");
        assertThat(replayed.at("/before/attempts").asInt()).isEqualTo(2);
        assertThat(replayed.at("/after/id").asLong()).isEqualTo(id);
        assertThat(replayed.at("/after/state").asText()).isEqualTo("REPLAYED");

        flaky.permanent = true;
        producer.sendBodyAndHeader("direct:orders", "payload-audit-2", "orderId", "AU-2");
        long other = newestDeadLetter();
        assertThat(as("operator").exchange("/api/dead-letters/" + other, HttpMethod.DELETE, null, Void.class)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        JsonNode delete = events("target=" + other).get(0);
        assertThat(delete.get("action").asText()).isEqualTo("dead-letters.delete");
        assertThat(delete.get("method").asText()).isEqualTo("DELETE");
        assertThat(delete.at("/before/state").asText()).isEqualTo("DEAD_LETTERED");
        assertThat(delete.at("/before/routeId").asText()).isEqualTo("test-orders-to-flaky");
        assertThat(delete.at("/after/state").asText()).isEqualTo("DELETED");
    }

    @Test
    void listChangesAreRecordedAsCountsWithNoMobileNumberInClear() {
        String number = "139" + String.format("%08d", (long) (Math.random() * 100_000_000L));
        String masked = number.substring(0, 3) + "****" + number.substring(7);
        ResponseEntity<String> put = as("operator").exchange("/api/contact-policy/blacklist/" + number, HttpMethod.PUT,
                new HttpEntity<>(Map.of("reason", "customer " + number + " asked by phone")), String.class);
        assertThat(put.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(as("operator").exchange("/api/contact-policy/blacklist/" + number, HttpMethod.DELETE, null,
                Void.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);

        List<JsonNode> changes = events("target=blacklist/" + masked);
        assertThat(changes).extracting(e -> e.get("action").asText())
                .containsExactly("contact-policy.delete", "contact-policy.put");
        JsonNode added = changes.get(1);
        assertThat(added.get("path").asText()).isEqualTo("/api/contact-policy/blacklist/" + masked);
        assertThat(added.at("/before/onList").asBoolean()).isFalse();
        assertThat(added.at("/after/onList").asBoolean()).isTrue();
        assertThat(changes.get(0).at("/before/onList").asBoolean()).isTrue();
        assertThat(changes.get(0).at("/after/onList").asBoolean()).isFalse();

        String group = "G-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(as("operator").postForEntity("/api/customer-groups", Map.of("id", group, "name", "高价值",
                "msisdns", List.of(number, "13800001111")), String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode created = events("action=customer-groups.create&actor=operator").stream()
                .filter(e -> e.at("/after/id").asText().equals(group)).findFirst().orElseThrow();
        assertThat(created.at("/after/members").asLong()).isEqualTo(2);

        HttpHeaders text = new HttpHeaders();
        text.setContentType(MediaType.TEXT_PLAIN);
        as("operator").exchange("/api/contact-policy/blacklist/import", HttpMethod.POST,
                new HttpEntity<>(number + "|moved\nnot-a-number\n", text), String.class);
        JsonNode imported = events("action=contact-policy.import-file").get(0);
        assertThat(imported.at("/after/read").asLong()).isEqualTo(2);
        assertThat(imported.at("/after/accepted").asLong()).isEqualTo(1);
        assertThat(imported.at("/after/rejected").asLong()).isEqualTo(1);
        assertThat(imported.at("/after/entries").asLong()).isEqualTo(imported.at("/before/entries").asLong() + 1);

        String everything = as("admin").getForEntity("/api/audit?limit=1000", String.class).getBody();
        assertThat(everything).contains(masked).doesNotContain(number).doesNotContain("13800001111");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE concat_ws('|', target, path, before,"
                + " after, detail) LIKE ?", Long.class, "%" + number + "%")).isZero();
    }

    @Test
    void onlyAdminsReadTheTrailAndNobodyChangesIt() {
        assertThat(as("viewer").getForEntity("/api/audit", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("operator").getForEntity("/api/audit", String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(as("admin").getForEntity("/api/audit", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.POST)) {
            assertThat(as("admin").exchange("/api/audit", method, new HttpEntity<>(Map.of("actor", "x")), String.class)
                    .getStatusCode()).as(method.name()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        }
        JsonNode refusedDelete = events("actor=admin&action=unmapped").get(0);
        assertThat(refusedDelete.get("method").asText()).isEqualTo("POST");
        assertThat(refusedDelete.get("outcome").asText()).isEqualTo("405");

        long any = jdbc.queryForObject("SELECT max(id) FROM audit_event", Long.class);
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_event SET actor = 'someone-else' WHERE id = ?", any))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("audit_event is append-only: UPDATE refused");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_event WHERE id = ?", any))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("audit_event is append-only: DELETE refused");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_event"))
                .isInstanceOf(DataIntegrityViolationException.class).hasMessageContaining("audit_event is append-only: TRUNCATE refused");
    }

    @Test
    void filtersAndPagingNarrowTheTrail() {
        String id = createCampaign();
        for (String action : List.of("schedule", "start", "pause")) {
            assertThat(as("operator").postForEntity("/api/campaigns/" + id + "/" + action, null, String.class)
                    .getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        JsonNode first = page("target=" + id + "&limit=2");
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.get("items").get(0).get("action").asText()).isEqualTo("campaigns.pause");
        assertThat(first.get("items").get(1).get("action").asText()).isEqualTo("campaigns.start");
        JsonNode second = page("target=" + id + "&limit=2&before=" + first.get("nextBefore").asLong());
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("items").get(0).get("action").asText()).isEqualTo("campaigns.schedule");
        assertThat(second.has("nextBefore")).isFalse();

        assertThat(events("target=" + id + "&action=campaigns.s")).extracting(e -> e.get("action").asText())
                .containsExactly("campaigns.start", "campaigns.schedule");
        assertThat(events("target=" + id + "&actor=viewer")).isEmpty();
        Instant at = Instant.parse(first.get("items").get(0).get("at").asText());
        assertThat(events("target=" + id + "&from=" + at.plusSeconds(60))).isEmpty();
        assertThat(events("target=" + id + "&to=" + at.minusSeconds(3600))).isEmpty();
        assertThat(events("target=" + id + "&from=" + at.minusSeconds(3600) + "&to=" + at.plusSeconds(60))).hasSize(3);

        ResponseEntity<JsonNode> unknown = as("admin").getForEntity("/api/audit?actr=operator&limit=0", JsonNode.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getBody().at("/errors/0/field").asText()).isEqualTo("actr");
        assertThat(unknown.getBody().at("/errors/0/message").asText()).contains("unknown parameter", "actor");
        ResponseEntity<JsonNode> wrong = as("admin").getForEntity("/api/audit?limit=1001&from=yesterday", JsonNode.class);
        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(wrong.getBody().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("limit", "from");
    }

    @Test
    void getRequestsAreNotRecorded() {
        String id = createCampaign();
        assertThat(as("operator").getForEntity("/api/campaigns/" + id, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        as("viewer").getForEntity("/api/campaigns/" + id + "/evaluation", String.class);
        assertThat(as("admin").getForEntity("/api/audit?target=" + id, String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE path LIKE ?", Long.class, "%" + id + "%"))
                .isZero(); // the create has no id in its path
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE method NOT IN ('POST', 'PUT', 'PATCH', 'DELETE')",
                Long.class)).isZero();
    }

    /** A setting of a connector, one of its values a secret. */
    record Settings(String endpoint, @Secret String token) {
    }

    @Test
    void programmaticRecordsMaskSecretsAndAFailedWriteIsCountedOrRefusesItsTransaction() {
        audit.record(AuditTrail.SYSTEM, "routes.import", "audit-test.yaml", null,
                new Settings("http://peer", "s3cr3t-value"), "imported from the routes folder at start");
        JsonNode event = events("target=audit-test.yaml").get(0);
        assertThat(event.get("actor").asText()).isEqualTo("system");
        assertThat(event.get("action").asText()).isEqualTo("routes.import");
        assertThat(event.get("outcome").asText()).isEqualTo("OK");
        assertThat(event.has("address")).isFalse();
        assertThat(event.at("/after/endpoint").asText()).isEqualTo("http://peer");
        assertThat(event.at("/after/token").asText()).isEqualTo("******");
        assertThat(event.get("detail").asText()).isEqualTo("imported from the routes folder at start");

        double failures = meters.counter("hub.audit.failures").count();
        audit.record(AuditTrail.SYSTEM, null, "no-action", null, null, null); // action is NOT NULL: the write fails
        assertThat(meters.counter("hub.audit.failures").count()).isEqualTo(failures + 1);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> audit.record(AuditTrail.SYSTEM, null, "x", null, null, null)))
                .isInstanceOf(DataAccessException.class);
        assertThat(meters.counter("hub.audit.failures").count()).isEqualTo(failures + 2);
    }

    private List<JsonNode> events(String query) {
        List<JsonNode> out = new ArrayList<>();
        page(query).get("items").forEach(out::add);
        return out;
    }

    private JsonNode page(String query) {
        ResponseEntity<JsonNode> r = as("admin").getForEntity("/api/audit?" + query, JsonNode.class);
        assertThat(r.getStatusCode()).as("GET /api/audit?%s: %s", query, r.getBody()).isEqualTo(HttpStatus.OK);
        return r.getBody();
    }

    private long newestDeadLetter() {
        return as("viewer").getForEntity("/api/dead-letters", JsonNode.class).getBody().get("items").get(0).get("id").asLong();
    }

    private String createCampaign() {
        String id = newId();
        assertThat(as("operator").postForEntity("/api/campaigns", campaign(id), String.class).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        return id;
    }

    private static String newId() {
        return "AU-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> campaign(String id) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "5G 套餐升级");
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "尊敬的${name}，5G套餐${attr1}元，回复Y办理")));
        c.put("sourceAddress", "10658001");
        c.put("start", "2026-11-23T08:00:00+08:00");
        c.put("end", "2026-12-23T08:00:00+08:00");
        return c;
    }
}

package com.carrier.hub.runtime.touchpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.campaign.ControlGroup;
import com.carrier.hub.runtime.campaign.dispatch.ManagerTouchpoint;
import com.carrier.hub.runtime.ledger.ResponseCorrelator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The MANAGER touchpoint as work orders (issue 15, part 3; PEERS §6, §8): the manager assignment is imported whole or
 * not at all; each contact of a class-1 customer becomes a work order for their manager, a customer without a manager
 * passes to their next channel (refusal MANAGER:NO_MANAGER) or, with none left, is EXCLUDED NO_CHANNEL; a manager's
 * ACCEPTED and DECLINED outcomes are responses the evaluation counts, the others are not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class ManagerWorkOrdersIT {

    private static final double CONTROL_PERCENT = 25;

    @Autowired
    TestRestTemplate rest;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResponseCorrelator correlator;
    @Autowired
    ManagerTouchpoint touchpoint;

    private TestRestTemplate admin() {
        return rest.withBasicAuth("admin", "admin");
    }

    @Test
    void aGoodFileReplacesTheAssignmentAFileWithABadLineIsRefusedNamingLineAndFieldAndNothingIsApplied() {
        List<String> m = CampaignRun.customers(jdbc, "136", 5, 1);
        String a = "A-" + UUID.randomUUID().toString().substring(0, 6);
        String b = "B-" + UUID.randomUUID().toString().substring(0, 6);
        ResponseEntity<JsonNode> good = put(m.get(0) + "|" + a + "|王经理\r\n" + m.get(1) + "|" + a + "|王经理\n\n"
                + m.get(2) + "|" + b + "|李经理\n");
        assertThat(good.getStatusCode()).as(String.valueOf(good.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(good.getBody().get("lines").asLong()).isEqualTo(3);
        assertThat(good.getBody().get("customers").asLong()).isEqualTo(3);
        assertThat(good.getBody().get("managers").asInt()).isEqualTo(2);
        assertThat(managers()).containsExactly(a + ":王经理:2", b + ":李经理:1");

        String c = "C-" + UUID.randomUUID().toString().substring(0, 6);
        ResponseEntity<JsonNode> bad = put(m.get(3) + "|" + c + "|赵经理\n"
                + "1381234567|" + c + "|赵经理\n"
                + m.get(4) + "||赵经理\n"
                + m.get(4) + "|" + c + "|赵\u0000经理\n"
                + m.get(4) + "|" + "x".repeat(129) + "|赵经理\n"
                + m.get(4) + "|" + c + "|钱经理\n"
                + m.get(3) + "|" + c + "|赵经理\n"
                + m.get(4) + "|" + c + "\n");
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(errors(bad)).containsExactly(
                "line 2: msisdn=must be 11 digits starting with 1, got <10 chars>",
                "line 3: manager_id=is required",
                "line 4: manager_name=must not contain U+0000 (NUL)",
                "line 5: manager_id=must be at most 128 characters, got 129",
                "line 6: manager_name=manager " + c + " is named '赵经理' on line 1 and '钱经理' here; a manager has one name",
                "line 7: msisdn=the customer " + Msisdn.mask(m.get(3)) + " is already assigned on an earlier line",
                "line 8=has 2 field(s); expected 3: msisdn|manager_id|manager_name");
        assertThat(bad.getBody().toString()).doesNotContain(m.get(3));
        assertThat(managers()).as("nothing of the refused file applied").containsExactly(a + ":王经理:2", b + ":李经理:1");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM manager_assignment WHERE msisdn = ?", Long.class, m.get(3)))
                .isZero();

        ResponseEntity<JsonNode> empty = put("\n");
        assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(managers()).containsExactly(a + ":王经理:2", b + ":李经理:1");
    }

    @Test
    void eachContactIsAWorkOrderForTheCustomersManagerACustomerWithoutOneGetsSmsAndOnlyThatManagersOrdersAreListed() {
        Run run = run(List.of("MANAGER", "SMS"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT msisdn || ':' || coalesce(channel, '-') || ':' || status || ':' || coalesce(array_to_string(refusals, ','), '')"
                        + " FROM campaign_contact WHERE campaign_id = ?", String.class, run.id))
                .containsExactlyInAnyOrderElementsOf(run.expected("SMS:SENT:MANAGER:NO_MANAGER")));
        assertThat(jdbc.queryForList("SELECT msisdn FROM work_order WHERE campaign_id = ?", String.class, run.id))
                .as("one order for each treatment customer with a manager, none for the control group")
                .containsExactlyInAnyOrderElementsOf(run.treatmentWithManager());

        JsonNode page = admin().getForObject("/api/work-orders?manager=" + run.managerA + "&campaign=" + run.id, JsonNode.class);
        List<String> listed = new ArrayList<>();
        long previous = Long.MAX_VALUE;
        for (JsonNode o : page.get("orders")) {
            assertThat(o.get("managerId").asText()).isEqualTo(run.managerA);
            assertThat(o.get("managerName").asText()).isEqualTo("王经理");
            assertThat(o.get("status").asText()).isEqualTo("OPEN");
            assertThat(o.get("script").asText()).isEqualTo("致电客户，推荐5G尊享");
            assertThat(o.get("city").asText()).isEqualTo("591");
            assertThat(o.get("id").asLong()).as("newest first").isLessThan(previous);
            previous = o.get("id").asLong();
            listed.add(o.get("msisdn").asText());
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(run.treatmentOf(run.managerA));
        assertThat(page.hasNonNull("nextBefore")).as("one page holds them all").isFalse();
        List<String> pagedB = new ArrayList<>();
        String before = "";
        for (int i = 0; i < 10 && before != null; i++) {
            JsonNode paged = admin().getForObject("/api/work-orders?manager=" + run.managerB + "&campaign=" + run.id
                    + "&limit=1" + before, JsonNode.class);
            assertThat(paged.get("orders").size()).isLessThanOrEqualTo(1);
            paged.get("orders").forEach(o -> pagedB.add(o.get("msisdn").asText()));
            before = paged.hasNonNull("nextBefore") ? "&before=" + paged.get("nextBefore").asLong() : null;
        }
        assertThat(pagedB).as("page by page, each once").containsExactlyInAnyOrderElementsOf(run.treatmentOf(run.managerB));

        ResponseEntity<String> csv = admin().getForEntity("/api/campaigns/" + run.id + "/call-list", String.class);
        assertThat(csv.getBody().lines().skip(1).toList()).hasSize(run.treatmentWithManager().size())
                .allSatisfy(line -> assertThat(line).contains(",\"客户\",\"591\",\"致电客户，推荐5G尊享\",").endsWith(",OPEN,"));

        ResponseEntity<JsonNode> badStatus = admin().getForEntity("/api/work-orders?status=CLOSED", JsonNode.class);
        assertThat(badStatus.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(errors(badStatus)).containsExactly("status=must be OPEN or DONE");
    }

    @Test
    void withOnlyTheManagerChannelACustomerWithoutAManagerIsExcludedNoChannel() {
        Run run = run(List.of("MANAGER"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.queryForList(
                "SELECT msisdn || ':' || coalesce(channel, '-') || ':' || status || ':' || coalesce(reason, '') || ':'"
                        + " || coalesce(array_to_string(refusals, ','), '') FROM campaign_contact WHERE campaign_id = ?",
                String.class, run.id))
                .containsAll(run.noManager.stream().map(m -> m + ":MANAGER:EXCLUDED:NO_CHANNEL:MANAGER:NO_MANAGER").toList())
                .containsAll(run.treatmentWithManager().stream().map(m -> m + ":MANAGER:SENT::").toList()));
        JsonNode progress = admin().getForObject("/api/campaigns/" + run.id, JsonNode.class).path("progress");
        assertThat(progress.at("/excludedByCode/NO_CHANNEL").asLong()).isEqualTo(run.noManager.size());
    }

    @Test
    void acceptedAndDeclinedAreResponsesTheEvaluationCountsOtherOutcomesAreRecordedOnTheOrderOnly() {
        Run run = run(List.of("MANAGER", "SMS"));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM work_order WHERE campaign_id = ?", Long.class, run.id) == run.treatmentWithManager().size());
        List<Long> ids = jdbc.queryForList("SELECT id FROM work_order WHERE campaign_id = ? ORDER BY id", Long.class, run.id);
        assertThat(ids).hasSizeGreaterThanOrEqualTo(4);

        ResponseEntity<JsonNode> accepted = outcome(ids.get(0), Map.of("outcome", "ACCEPTED", "note", "办理意向强"));
        assertThat(accepted.getStatusCode()).as(String.valueOf(accepted.getBody())).isEqualTo(HttpStatus.OK);
        assertThat(accepted.getBody().get("status").asText()).isEqualTo("DONE");
        assertThat(accepted.getBody().get("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.getBody().get("note").asText()).isEqualTo("办理意向强");
        assertThat(accepted.getBody().get("outcomeBy").asText()).as("the signed-in author").isEqualTo("admin");
        assertThat(outcome(ids.get(1), Map.of("outcome", "DECLINED")).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(outcome(ids.get(2), Map.of("outcome", "UNREACHABLE")).getBody().get("status").asText()).isEqualTo("DONE");
        ResponseEntity<JsonNode> noAnswer = outcome(ids.get(3), Map.of("outcome", "NO_ANSWER", "note", "关机"));
        assertThat(noAnswer.getBody().get("status").asText()).as("tried again later").isEqualTo("OPEN");
        assertThat(noAnswer.getBody().get("outcome").asText()).isEqualTo("NO_ANSWER");

        // a repeat changes nothing; a different outcome for a DONE order is refused naming the one it has
        ResponseEntity<JsonNode> again = outcome(ids.get(0), Map.of("outcome", "ACCEPTED", "note", "再次提交"));
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody().get("note").asText()).isEqualTo("办理意向强");
        ResponseEntity<JsonNode> conflict = outcome(ids.get(0), Map.of("outcome", "DECLINED"));
        assertThat(conflict.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(conflict.getBody().get("detail").asText()).contains("work order " + ids.get(0), "DONE with outcome ACCEPTED");

        ResponseEntity<JsonNode> unknownOutcome = outcome(ids.get(4 % ids.size()), Map.of("outcome", "MAYBE"));
        assertThat(unknownOutcome.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(errors(unknownOutcome)).containsExactly(
                "outcome=unknown outcome 'MAYBE': one of [ACCEPTED, DECLINED, UNREACHABLE, NO_ANSWER, CALL_BACK]");
        ResponseEntity<JsonNode> unknownField = outcome(ids.get(3), Map.of("outcome", "ACCEPTED", "notes", "x"));
        assertThat(unknownField.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknownField.getBody().get("errors").get(0).get("field").asText()).isEqualTo("notes");
        assertThat(outcome(Long.MAX_VALUE, Map.of("outcome", "ACCEPTED")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(admin().getForEntity("/api/work-orders/" + Long.MAX_VALUE, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(admin().getForEntity("/api/work-orders/abc", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(admin().getForObject("/api/work-orders/" + ids.get(3), JsonNode.class).get("status").asText())
                .as("a refused request changed nothing").isEqualTo("OPEN");

        assertThat(jdbc.queryForList("SELECT type || ':' || event_id || ':' || channel FROM response_event"
                + " WHERE source = 'manager' AND campaign_id = ?", String.class, run.id))
                .as("stored once each, keyed by the order's id").containsExactlyInAnyOrder(
                        "ACCEPTED:" + ids.get(0) + ":MANAGER", "DECLINED:" + ids.get(1) + ":MANAGER");
        correlator.correlate();
        JsonNode e = admin().getForObject("/api/campaigns/" + run.id + "/evaluation", JsonNode.class);
        assertThat(e.at("/total/responded").asLong()).isEqualTo(2);
        assertThat(e.get("breakdown")).anyMatch(r -> r.get("channel").asText().equals("MANAGER")
                && r.get("responded").asLong() == 2);
    }

    @Test
    void aSliceSentAgainAfterACrashFindsItsOrdersOneEachWithTheFirstManager() {
        List<String> m = CampaignRun.customers(jdbc, "136", 2, 1);
        String id = "MG-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(put(m.get(0) + "|A1|王经理\n" + m.get(1) + "|A1|王经理\n").getStatusCode()).isEqualTo(HttpStatus.OK);
        TouchpointSlice slice = new TouchpointSlice(id, "10658001", "P-" + id, OffsetDateTime.now(), m.stream()
                .map(x -> new TouchpointContact(x, Map.of("text", "致电"), Map.of("name", "客户", "city", "591"))).toList());

        assertThat(touchpoint.send(slice)).extracting(ContactResult::status).containsOnly(ContactResult.Status.SENT);
        assertThat(put(m.get(0) + "|B1|李经理\n" + m.get(1) + "|B1|李经理\n").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(touchpoint.send(slice)).extracting(ContactResult::status).containsOnly(ContactResult.Status.SENT);

        assertThat(jdbc.queryForList("SELECT msisdn || ':' || manager_id FROM work_order WHERE campaign_id = ?", String.class, id))
                .containsExactlyInAnyOrder(m.get(0) + ":A1", m.get(1) + ":A1");
    }

    /** A campaign over class-1 customers: some of each manager, some without one, a control group of both. */
    private Run run(List<String> channels) {
        List<String> msisdns = CampaignRun.customers(jdbc, "136", 10, 1);
        List<String> managed = msisdns.subList(0, 8);
        List<String> noManager = msisdns.subList(8, 10);
        // a campaign id whose control group (PEERS §7.2 step 8) takes some managed customers, leaving at least two
        // treatment customers to each manager and every customer without a manager in the treatment group
        String id;
        do {
            id = "MG-" + UUID.randomUUID().toString().substring(0, 8);
        } while (!suits(id, managed, noManager));
        String a = "A-" + UUID.randomUUID().toString().substring(0, 6);
        String b = "B-" + UUID.randomUUID().toString().substring(0, 6);
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < managed.size(); i++) {
            file.append(managed.get(i)).append('|').append(i % 2 == 0 ? a + "|王经理" : b + "|李经理").append('\n');
        }
        assertThat(put(file.toString()).getStatusCode()).isEqualTo(HttpStatus.OK);

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Map<String, Object> all = Map.of("MANAGER", Map.of("text", "致电${name}，推荐${attr1}"), "SMS", Map.of("text", "${name}您好"));
        Map<String, Object> templates = new HashMap<>();
        channels.forEach(c -> templates.put(c, all.get(c)));
        Map<String, Object> c = new HashMap<>(Map.of("id", id, "name", "VIP", "type", "TARIFF", "productId", "P-" + id,
                "channels", channels, "templates", templates, "sourceAddress", "10658001",
                "start", now.minusMinutes(1).toString(), "end", now.plusDays(1).toString(),
                "quietHours", Map.of("start", "00:00", "end", "00:00")));
        c.put("controlPercent", (int) CONTROL_PERCENT);
        createAndStart(c, msisdns);
        return new Run(id, a, b, managed, noManager);
    }

    private static boolean suits(String id, List<String> managed, List<String> noManager) {
        int control = 0;
        int[] treatment = new int[2];
        for (int i = 0; i < managed.size(); i++) {
            if (ControlGroup.isControl(id, managed.get(i), CONTROL_PERCENT)) {
                control++;
            } else {
                treatment[i % 2]++;
            }
        }
        return control > 0 && treatment[0] >= 2 && treatment[1] >= 2
                && noManager.stream().noneMatch(m -> ControlGroup.isControl(id, m, CONTROL_PERCENT));
    }

    /** As {@link CampaignRun#start}, with the list's rows carrying the offer in attr1. */
    private void createAndStart(Map<String, Object> campaign, List<String> msisdns) {
        String id = (String) campaign.get("id");
        ResponseEntity<String> created = admin().postForEntity("/api/campaigns", campaign, String.class);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.TEXT_PLAIN);
        StringBuilder list = new StringBuilder();
        msisdns.forEach(m -> list.append(m).append("|S||5G尊享||\n"));
        admin().postForEntity("/api/campaigns/" + id + "/targets?listId=L",
                new HttpEntity<>(list.toString().getBytes(StandardCharsets.UTF_8), h), String.class);
        admin().postForEntity("/api/campaigns/" + id + "/schedule", null, String.class);
        admin().postForEntity("/api/campaigns/" + id + "/start", null, String.class);
    }

    private ResponseEntity<JsonNode> put(String file) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(new MediaType("text", "plain", StandardCharsets.UTF_8));
        return admin().exchange("/api/managers/assignments", HttpMethod.PUT,
                new HttpEntity<>(file.getBytes(StandardCharsets.UTF_8), h), JsonNode.class);
    }

    private ResponseEntity<JsonNode> outcome(long id, Map<String, String> body) {
        return admin().postForEntity("/api/work-orders/" + id + "/outcome", body, JsonNode.class);
    }

    private List<String> managers() {
        List<String> out = new ArrayList<>();
        admin().getForObject("/api/managers", JsonNode.class).forEach(m -> out.add(m.get("id").asText() + ":"
                + m.get("name").asText() + ":" + m.get("customers").asLong()));
        return out;
    }

    private static List<String> errors(ResponseEntity<JsonNode> answer) {
        List<String> out = new ArrayList<>();
        answer.getBody().get("errors").forEach(e -> out.add(e.get("field").asText() + "=" + e.get("message").asText()));
        return out;
    }

    /** The campaign's customers: managed ones alternate between managers A and B (even and odd index). */
    private record Run(String id, String managerA, String managerB, List<String> managed, List<String> noManager) {

        List<String> treatmentWithManager() {
            return managed.stream().filter(m -> !ControlGroup.isControl(id, m, CONTROL_PERCENT)).toList();
        }

        List<String> treatmentOf(String manager) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < managed.size(); i++) {
                if ((i % 2 == 0) == manager.equals(managerA) && !ControlGroup.isControl(id, managed.get(i), CONTROL_PERCENT)) {
                    out.add(managed.get(i));
                }
            }
            return out;
        }

        /** Every contact as msisdn:channel:status:refusals, those without a manager as {@code noManager}. */
        List<String> expected(String noManagerRow) {
            List<String> out = new ArrayList<>();
            for (String m : managed) {
                out.add(ControlGroup.isControl(id, m, CONTROL_PERCENT) ? m + ":MANAGER:CONTROL:" : m + ":MANAGER:SENT:");
            }
            noManager.forEach(m -> out.add(m + ":" + noManagerRow));
            return out;
        }
    }
}

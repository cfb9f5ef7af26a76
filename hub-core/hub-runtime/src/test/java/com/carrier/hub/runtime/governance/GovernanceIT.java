package com.carrier.hub.runtime.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.TestPropertySource;

import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Campaign governance through the API (README "Governance") with approval on: the sandbox's units (province FJ, cities
 * FZ and XM, county MH in FZ), operators in each, a county PROMOTION needing its city's and the province's approval and
 * a POINTS campaign with targets the province's, every other campaign one approval in its own unit.
 */
@TestPropertySource(locations = "classpath:governance-it.properties")
class GovernanceIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CampaignService campaigns;

    private static Map<String, Object> campaign(String id, String type) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "闽侯 5G 升级 " + id);
        c.put("type", type);
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "尊敬的${name}，5G套餐优惠，回复Y办理")));
        c.put("sourceAddress", "10658001");
        c.put("start", "2026-11-23T08:00:00+08:00");
        c.put("end", "2026-12-23T08:00:00+08:00");
        return c;
    }

    private static String newId() {
        return "G-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode create(String user, Map<String, Object> body) {
        ResponseEntity<JsonNode> r = as(user).postForEntity("/api/campaigns", body, JsonNode.class);
        assertThat(r.getStatusCode()).as("create: %s", r.getBody()).isEqualTo(HttpStatus.CREATED);
        return r.getBody();
    }

    private ResponseEntity<JsonNode> post(String user, String path, Object body) {
        return as(user).postForEntity(path, body, JsonNode.class);
    }

    private JsonNode get(String user, String id) {
        ResponseEntity<JsonNode> r = as(user).getForEntity("/api/campaigns/" + id, JsonNode.class);
        assertThat(r.getStatusCode()).as("GET %s as %s: %s", id, user, r.getBody()).isEqualTo(HttpStatus.OK);
        return r.getBody();
    }

    /** A campaign of mh-op (county MH) under the default chain (one approval in MH), approved by mh-op2. */
    private String approvedTariff() {
        String id = newId();
        create("mh-op", campaign(id, "TARIFF"));
        assertThat(post("mh-op", "/api/campaigns/" + id + "/submit", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<JsonNode> approved = post("mh-op2", "/api/campaigns/" + id + "/approve", Map.of("comment", "ok"));
        assertThat(approved.getStatusCode()).as("%s", approved.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(approved.getBody().get("status").asText()).isEqualTo("APPROVED");
        return id;
    }

    @Test
    void aCountyPromotionIsApprovedByItsCityThenTheProvinceAndOnlyThenScheduled() {
        String id = newId();
        JsonNode created = create("mh-op", campaign(id, "PROMOTION"));
        assertThat(created.get("unit").asText()).isEqualTo("MH");
        assertThat(created.get("number").asText()).matches("YX-FZ-\\d{4}-\\d{5}");

        ResponseEntity<JsonNode> early = post("mh-op", "/api/campaigns/" + id + "/schedule", null);
        assertThat(early.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(early.getBody().get("detail").asText()).contains("DRAFT", "needs approval", "/submit");

        assertThat(post("mh-op", "/api/campaigns/" + id + "/submit", Map.of("comment", "请审批")).getBody()
                .get("status").asText()).isEqualTo("SUBMITTED");
        JsonNode approval = get("mh-op", id).get("approval");
        assertThat(approval.get("chain").toString()).isEqualTo(
                "[{\"step\":\"CITY\",\"unit\":\"FZ\"},{\"step\":\"PROVINCE\",\"unit\":\"FJ\"}]");
        assertThat(approval.at("/pending/step").asText()).isEqualTo("CITY");

        // the province may approve the city's step (a unit above), but not the province's step before the city's
        ResponseEntity<JsonNode> outOfOrder = post("fj-op", "/api/campaigns/" + id + "/approve", Map.of("step", "PROVINCE"));
        assertThat(outOfOrder.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(outOfOrder.getBody().get("detail").asText()).contains("out of order", "CITY (unit FZ) is pending");
        // another city is not above the county
        ResponseEntity<JsonNode> otherCity = post("xm-op", "/api/campaigns/" + id + "/approve", null);
        assertThat(otherCity.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        ResponseEntity<JsonNode> city = post("fz-op", "/api/campaigns/" + id + "/approve", Map.of("step", "CITY", "comment", "市公司同意"));
        assertThat(city.getStatusCode()).as("%s", city.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(city.getBody().get("status").asText()).isEqualTo("SUBMITTED");
        ResponseEntity<JsonNode> sameAgain = post("fz-op", "/api/campaigns/" + id + "/approve", null);
        assertThat(sameAgain.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(sameAgain.getBody().get("detail").asText()).contains("needs an approver of unit FJ");
        ResponseEntity<JsonNode> province = post("fj-op", "/api/campaigns/" + id + "/approve", Map.of("comment", "省公司同意"));
        assertThat(province.getBody().get("status").asText()).isEqualTo("APPROVED");

        JsonNode history = get("mh-op", id).at("/approval/history");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("decision").asText()).isEqualTo("SUBMITTED");
        assertThat(history.get(1).get("actor").asText()).isEqualTo("fz-op");
        assertThat(history.get(1).get("comment").asText()).isEqualTo("市公司同意");
        assertThat(history.get(1).get("step").asText()).isEqualTo("CITY");
        assertThat(history.get(2).get("actor").asText()).isEqualTo("fj-op");
        assertThat(history.get(2).get("at").asText()).isNotBlank();

        assertThat(post("mh-op", "/api/campaigns/" + id + "/schedule", null).getBody().get("status").asText())
                .isEqualTo("SCHEDULED");

        JsonNode audit = as("admin").getForEntity("/api/audit?target=" + id, JsonNode.class).getBody();
        List<String> actions = new ArrayList<>();
        audit.get("items").forEach(e -> actions.add(e.get("action").asText() + " " + e.get("actor").asText()
                + " " + e.get("outcome").asText()));
        assertThat(actions).contains("campaigns.submit mh-op 200", "campaigns.approve fz-op 200",
                "campaigns.approve fj-op 200", "campaigns.approve fj-op 409");
    }

    @Test
    void targetsAddedAfterApprovalThatCallForALongerChainMustBeApprovedAgainBeforeScheduling() {
        String id = newId();
        create("mh-op", campaign(id, "POINTS"));
        post("mh-op", "/api/campaigns/" + id + "/submit", null);
        assertThat(get("mh-op", id).at("/approval/chain/0/step").asText()).isEqualTo("OWNER");
        assertThat(post("mh-op2", "/api/campaigns/" + id + "/approve", null).getBody().get("status").asText())
                .isEqualTo("APPROVED");

        HttpHeaders text = new HttpHeaders();
        text.setContentType(MediaType.TEXT_PLAIN);
        ResponseEntity<String> list = as("mh-op").postForEntity("/api/campaigns/" + id + "/targets?listId=L1",
                new HttpEntity<>("13900000002|S||||\n", text), String.class);
        assertThat(list.getStatusCode().is2xxSuccessful()).as("%s", list.getBody()).isTrue();
        ResponseEntity<JsonNode> schedule = post("mh-op", "/api/campaigns/" + id + "/schedule", null);
        assertThat(schedule.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(schedule.getBody().get("detail").asText()).contains("1 targets", "PROVINCE:FJ", "submit it again");

        assertThat(post("mh-op", "/api/campaigns/" + id + "/submit", null).getBody().get("status").asText())
                .isEqualTo("SUBMITTED");
        assertThat(get("mh-op", id).at("/approval/pending").toString()).isEqualTo("{\"step\":\"PROVINCE\",\"unit\":\"FJ\"}");
        assertThat(post("fj-op", "/api/campaigns/" + id + "/approve", null).getBody().get("status").asText())
                .isEqualTo("APPROVED");
        assertThat(post("mh-op", "/api/campaigns/" + id + "/schedule", null).getBody().get("status").asText())
                .isEqualTo("SCHEDULED");
    }

    @Test
    void theAuthorCannotApproveTheirOwnCampaign() {
        String id = newId();
        create("mh-op", campaign(id, "TARIFF"));
        post("mh-op", "/api/campaigns/" + id + "/submit", null);
        ResponseEntity<JsonNode> own = post("mh-op", "/api/campaigns/" + id + "/approve", Map.of("comment", "我自己批"));
        assertThat(own.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(own.getBody().get("detail").asText()).contains("mh-op created campaign " + id, "cannot approve");
        assertThat(get("mh-op", id).get("status").asText()).isEqualTo("SUBMITTED");
        assertThat(get("mh-op", id).at("/approval/history")).hasSize(1);
    }

    @Test
    void approvingACampaignThatWasNotSubmittedIsOutOfOrder() {
        String id = newId();
        create("mh-op", campaign(id, "TARIFF"));
        ResponseEntity<JsonNode> r = post("mh-op2", "/api/campaigns/" + id + "/approve", null);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(r.getBody().get("detail").asText()).contains("it is DRAFT", "submit it first");
        ResponseEntity<JsonNode> badStep = post("mh-op2", "/api/campaigns/" + id + "/approve", Map.of("step", "COUNTRY"));
        assertThat(badStep.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badStep.getBody().at("/errors/0/field").asText()).isEqualTo("step");
        ResponseEntity<JsonNode> unknownField = post("mh-op2", "/api/campaigns/" + id + "/approve", Map.of("coment", "typo"));
        assertThat(unknownField.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknownField.getBody().at("/errors/0/field").asText()).isEqualTo("coment");
    }

    @Test
    void aContentChangeAfterApprovalSendsTheCampaignBackToDraft() {
        String id = approvedTariff();
        ResponseEntity<JsonNode> patched = as("mh-op").exchange("/api/campaigns/" + id, HttpMethod.PATCH,
                new HttpEntity<>(Map.of("templates", Map.of("SMS", Map.of("text", "新的内容，回复Y办理")))), JsonNode.class);
        assertThat(patched.getStatusCode()).as("%s", patched.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(patched.getBody().get("status").asText()).isEqualTo("DRAFT");
        JsonNode history = get("mh-op", id).at("/approval/history");
        assertThat(history.get(history.size() - 1).get("decision").asText()).isEqualTo("RETURNED");
        assertThat(history.get(history.size() - 1).get("comment").asText()).contains("templates", "APPROVED");
        assertThat(post("mh-op", "/api/campaigns/" + id + "/schedule", null).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aRejectionNeedsAReasonAndSendsTheCampaignBackToDraft() {
        String id = newId();
        create("mh-op", campaign(id, "TARIFF"));
        post("mh-op", "/api/campaigns/" + id + "/submit", null);
        ResponseEntity<JsonNode> noReason = post("mh-op2", "/api/campaigns/" + id + "/reject", Map.of("reason", " "));
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noReason.getBody().at("/errors/0/field").asText()).isEqualTo("reason");
        ResponseEntity<JsonNode> rejected = post("mh-op2", "/api/campaigns/" + id + "/reject",
                Map.of("reason", "话术不合规，客户13912345678投诉过"));
        assertThat(rejected.getBody().get("status").asText()).isEqualTo("DRAFT");
        JsonNode last = get("mh-op", id).at("/approval/history/1");
        assertThat(last.get("decision").asText()).isEqualTo("REJECTED");
        assertThat(last.get("comment").asText()).startsWith("话术不合规").doesNotContain("13912345678");
        assertThat(last.get("actor").asText()).isEqualTo("mh-op2");
    }

    @Test
    void aConfidentialCampaignRequestedByAnotherUnitsViewerIsNotFound() {
        String id = newId();
        Map<String, Object> c = campaign(id, "TARIFF");
        c.put("confidential", true);
        create("mh-op", c);

        ResponseEntity<JsonNode> other = as("xm-viewer").getForEntity("/api/campaigns/" + id, JsonNode.class);
        assertThat(other.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(other.getBody().toString()).doesNotContain("闽侯");
        assertThat(as("xm-viewer").getForEntity("/api/campaigns/" + id + "/evaluation", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as("xm-viewer").getForEntity("/api/campaigns/" + id + "/call-list", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as("xm-viewer").getForEntity("/api/campaigns", String.class).getBody()).doesNotContain(id);
        assertThat(post("xm-op", "/api/campaigns/" + id + "/cancel", null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        HttpHeaders text = new HttpHeaders();
        text.setContentType(MediaType.TEXT_PLAIN);
        ResponseEntity<String> upload = as("xm-op").postForEntity("/api/campaigns/" + id + "/targets?listId=L1",
                new HttpEntity<>("13900000001|S||||\n", text), String.class);
        assertThat(upload.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(upload.getBody()).contains("is not known to the hub").doesNotContain("闽侯");
        ResponseEntity<String> preview = as("xm-op").postForEntity("/api/campaigns/" + id + "/preview",
                new HttpEntity<>("13900000001|S||||\n", text), String.class);
        assertThat(preview.getStatusCode()).as("a preview is a look at the campaign too").isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(preview.getBody()).contains("is not known to the hub").doesNotContain("闽侯");

        // its own unit, the city above it and the province (the accounts without a unit) see it
        assertThat(get("mh-op2", id).at("/definition/confidential").asBoolean()).isTrue();
        assertThat(get("fz-op", id).get("unit").asText()).isEqualTo("MH");
        assertThat(get("viewer", id).get("number").asText()).startsWith("YX-FZ-");
        assertThat(as("fz-op").getForEntity("/api/campaigns", String.class).getBody()).contains(id);

        // an account manager's work order of it: hidden from the other city, shown to its own
        Long order = jdbc.queryForObject("INSERT INTO work_order (campaign_id, msisdn, cust_name, city_code, manager_id,"
                + " manager_name, script) VALUES (?, '13900000086', '张三', '591', 'M1', '李经理', '5G 升级') RETURNING id",
                Long.class, id);
        assertThat(as("xm-viewer").getForEntity("/api/work-orders?campaign=" + id, JsonNode.class).getBody().get("orders"))
                .isEmpty();
        assertThat(as("xm-viewer").getForEntity("/api/work-orders/" + order, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(as("fz-op").getForEntity("/api/work-orders?campaign=" + id, JsonNode.class).getBody().get("orders"))
                .hasSize(1);
        assertThat(as("mh-op").getForEntity("/api/work-orders/" + order, JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void theServicesLookupsWithoutAnActorApplyTheSignedInUsersUnitAsTheConsoleCallsThem() {
        String id = newId();
        create("mh-op", campaign(id, "TARIFF"));
        assertThat(campaigns.get(id).unit()).as("the hub's own work sees every campaign").isEqualTo("MH");
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated("xm-viewer", null, List.of()));
        try {
            assertThatThrownBy(() -> campaigns.get(id)).hasMessageContaining("404").hasMessageContaining("no campaign " + id);
            assertThat(campaigns.list(null)).extracting(Campaign::id).doesNotContain(id);
        } finally {
            SecurityContextHolder.clearContext();
        }
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated("fz-op", null, List.of()));
        try {
            assertThat(campaigns.list(null)).extracting(Campaign::id).contains(id);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void anImportLineNamingAnUnknownUnitIsALineErrorAndNothingIsImported() {
        HttpHeaders csv = new HttpHeaders();
        csv.setContentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8));
        ResponseEntity<JsonNode> bad = as("admin").postForEntity("/api/org-units",
                new HttpEntity<>("code,name,parent\nGL,鼓楼区,FZ\nSM,思明区,NOPE\n", csv), JsonNode.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().get("errors")).hasSize(1);
        assertThat(bad.getBody().at("/errors/0/field").asText()).isEqualTo("line 3");
        assertThat(bad.getBody().at("/errors/0/message").asText()).contains("parent NOPE is no organisation unit");
        assertThat(as("viewer").getForEntity("/api/org-units", String.class).getBody()).doesNotContain("\"GL\"");

        assertThat(as("operator").postForEntity("/api/org-units", new HttpEntity<>("GL,鼓楼区,FZ\n", csv), JsonNode.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<JsonNode> good = as("admin").postForEntity("/api/org-units",
                List.of(Map.of("code", "SM", "name", "思明区", "parent", "XM")), JsonNode.class);
        assertThat(good.getStatusCode()).as("%s", good.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode sm = null;
        for (JsonNode u : as("viewer").getForEntity("/api/org-units", JsonNode.class).getBody()) {
            if (u.get("code").asText().equals("SM")) {
                sm = u;
            }
        }
        assertThat(sm).isNotNull();
        assertThat(sm.get("level").asText()).isEqualTo("COUNTY");
        assertThat(sm.get("parent").asText()).isEqualTo("XM");

        ResponseEntity<JsonNode> tooDeep = as("admin").postForEntity("/api/org-units",
                List.of(Map.of("code", "SM1", "name", "某街道", "parent", "SM")), JsonNode.class);
        assertThat(tooDeep.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(tooDeep.getBody().at("/errors/0/field").asText()).isEqualTo("[0]");
    }

    @Test
    void twoConcurrentCreatesInOneUnitGetConsecutiveNumbersAndARefusedCreateLeavesNoGap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<JsonNode>> creates = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String id = newId();
                String user = i % 2 == 0 ? "mh-op" : "mh-op2";
                creates.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return create(user, campaign(id, "TARIFF"));
                }, pool));
            }
            go.countDown();
            List<Integer> seqs = new ArrayList<>();
            for (CompletableFuture<JsonNode> c : creates) {
                String number = c.get(30, TimeUnit.SECONDS).get("number").asText();
                assertThat(number).matches("YX-FZ-\\d{4}-\\d{5}");
                seqs.add(Integer.parseInt(number.substring(number.length() - 5)));
            }
            assertThat(seqs).doesNotHaveDuplicates();
            assertThat(Math.abs(seqs.get(0) - seqs.get(1))).isEqualTo(1);

            String taken = creates.get(0).get().at("/definition/id").asText();
            assertThat(as("mh-op").postForEntity("/api/campaigns", campaign(taken, "TARIFF"), JsonNode.class)
                    .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            String next = create("mh-op", campaign(newId(), "TARIFF")).get("number").asText();
            assertThat(Integer.parseInt(next.substring(next.length() - 5))).isEqualTo(Math.max(seqs.get(0), seqs.get(1)) + 1);
        } finally {
            pool.shutdownNow();
        }
    }
}

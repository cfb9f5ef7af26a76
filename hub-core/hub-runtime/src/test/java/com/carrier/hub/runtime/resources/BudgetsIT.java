package com.carrier.hub.runtime.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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
import org.springframework.test.context.TestPropertySource;

import com.carrier.hub.runtime.HubIT;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Marketing budgets through the API (README "Governance", "Marketing resources"): the sandbox's units (province FJ,
 * cities FZ and XM, county MH in FZ) and the default resources ({@code sms}: one message per SMS contact). Each test
 * works in a month of its own (its campaigns start then), so their budgets do not meet. Contacts are written straight
 * into {@code campaign_contact}: what matters here is what a budget makes of them, not how the policy decided them.
 */
@TestPropertySource(properties = {
        "hub.security.users.mh-op.password=mh-op-pw",
        "hub.security.users.mh-op.roles=OPERATOR",
        "hub.security.users.mh-op.unit=MH",
        "hub.security.users.mh-viewer.password=mh-viewer-pw",
        "hub.security.users.mh-viewer.roles=VIEWER",
        "hub.security.users.mh-viewer.unit=MH",
        "hub.security.users.xm-viewer.password=xm-viewer-pw",
        "hub.security.users.xm-viewer.roles=VIEWER",
        "hub.security.users.xm-viewer.unit=XM",
        "hub.security.users.xm-admin.password=xm-admin-pw",
        "hub.security.users.xm-admin.roles=ADMIN",
        "hub.security.users.xm-admin.unit=XM",
})
class BudgetsIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;

    /** A campaign of mh-op (unit MH) on SMS starting on the 10th of {@code month}, with {@code open} contacts to make. */
    private String campaign(String month, int open) {
        String id = "B-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "budget " + id);
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "5G套餐优惠，回复Y办理")));
        c.put("sourceAddress", "10658001");
        c.put("start", month + "-10T08:00:00+08:00");
        c.put("end", month + "-20T08:00:00+08:00");
        ResponseEntity<JsonNode> created = as("mh-op").postForEntity("/api/campaigns", c, JsonNode.class);
        assertThat(created.getStatusCode()).as("%s", created.getBody()).isEqualTo(HttpStatus.CREATED);
        for (int i = 0; i < open; i++) {
            jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, grp, channel, status) VALUES (?, ?, 'T', 'SMS', 'PENDING')",
                    id, String.format("139%08d", i));
        }
        // neither the control group nor an exclusion is planned consumption
        jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, grp, channel, status) VALUES (?, '13800000001', 'C', 'SMS', 'CONTROL')", id);
        jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, status, reason) VALUES (?, '13800000002', 'EXCLUDED', 'BLACKLIST')", id);
        return id;
    }

    private ResponseEntity<JsonNode> put(String user, String path, Object body) {
        return as(user).exchange(path, HttpMethod.PUT, new HttpEntity<>(body), JsonNode.class);
    }

    private void budget(String period, long amount) {
        ResponseEntity<JsonNode> r = put("admin", "/api/budgets/MH/sms/" + period, Map.of("amount", amount));
        assertThat(r.getStatusCode()).as("%s", r.getBody()).isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<JsonNode> act(String id, String action) {
        return as("mh-op").postForEntity("/api/campaigns/" + id + "/" + action, null, JsonNode.class);
    }

    /** The MH sms row of the month as mh-viewer reads it. */
    private JsonNode usage(String period) {
        ResponseEntity<JsonNode> r = as("mh-viewer").getForEntity("/api/budgets?unit=MH&period=" + period, JsonNode.class);
        assertThat(r.getStatusCode()).as("%s", r.getBody()).isEqualTo(HttpStatus.OK);
        for (JsonNode row : r.getBody()) {
            if (row.get("resource").asText().equals("sms")) {
                return row;
            }
        }
        throw new AssertionError("no sms budget of MH in " + period + ": " + r.getBody());
    }

    private static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    @Test
    void aBudgetIsSetByAnAdminAndReadByTheUnitAndTheUnitsAboveItOnly() {
        ResponseEntity<JsonNode> set = put("admin", "/api/budgets/MH/sms/2031-01", Map.of("amount", 100, "comment", "一月额度"));
        assertThat(set.getStatusCode()).as("%s", set.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(set.getBody().get("amount").asLong()).isEqualTo(100);
        assertThat(set.getBody().get("remaining").asLong()).isEqualTo(100);
        assertThat(set.getBody().get("unitLabel").asText()).isEqualTo("messages");

        JsonNode row = usage("2031-01");
        assertThat(row.get("unit").asText()).isEqualTo("MH");
        assertThat(row.get("touchpoint").asText()).isEqualTo("SMS");
        assertThat(row.get("amount").asLong()).isEqualTo(100);
        assertThat(row.get("reserved").asLong()).isZero();
        assertThat(row.get("consumed").asLong()).isZero();
        // the province sees its county's budget; another city does not, and asking for it is as for an unknown unit
        assertThat(as("viewer").getForEntity("/api/budgets?period=2031-01", JsonNode.class).getBody().toString()).contains("\"unit\":\"MH\"");
        assertThat(as("xm-viewer").getForEntity("/api/budgets?period=2031-01", JsonNode.class).getBody()).isEmpty();
        assertThat(as("xm-viewer").getForEntity("/api/budgets?unit=MH", JsonNode.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        // nor may another city's admin set it
        assertThat(put("xm-admin", "/api/budgets/MH/sms/2031-01", Map.of("amount", 1)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(usage("2031-01").get("amount").asLong()).isEqualTo(100);
    }

    @Test
    void aLaunchWithinBudgetReservesItsPlannedContactsAndContactsMadeTurnReservedIntoConsumed() {
        budget("2031-02", 10);
        String id = campaign("2031-02", 4);
        ResponseEntity<JsonNode> scheduled = act(id, "schedule");
        assertThat(scheduled.getStatusCode()).as("%s", scheduled.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode row = usage("2031-02");
        assertThat(row.get("reserved").asLong()).isEqualTo(4);
        assertThat(row.get("consumed").asLong()).isZero();
        assertThat(row.get("remaining").asLong()).isEqualTo(6);
        // starting it after the schedule holds what it plans now, not that and the schedule's hold again
        ResponseEntity<JsonNode> started = act(id, "start");
        assertThat(started.getStatusCode()).as("%s", started.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(usage("2031-02").get("reserved").asLong()).isEqualTo(4);

        jdbc.update("UPDATE campaign_contact SET status = 'SENT', contacted_at = '2031-02-10T09:00:00+08:00'"
                + " WHERE campaign_id = ? AND msisdn = '13900000000'", id);
        row = usage("2031-02");
        assertThat(row.get("reserved").asLong()).isEqualTo(3);
        assertThat(row.get("consumed").asLong()).isEqualTo(1);
        assertThat(row.get("remaining").asLong()).isEqualTo(6);
    }

    @Test
    void aLaunchOverBudgetIsRefusedWithTheFiguresAndChangesNothing() {
        budget("2031-03", 3);
        String id = campaign("2031-03", 4);
        ResponseEntity<JsonNode> refused = act(id, "schedule");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        JsonNode problem = refused.getBody();
        assertThat(problem.get("detail").asText()).contains(id, "MH", "4 messages", "sms", "2031-03", "3 remain");
        assertThat(fields(problem)).containsExactly("budgets.MH.sms.2031-03");
        JsonNode figures = problem.at("/shortfalls/0");
        assertThat(figures.get("resource").asText()).isEqualTo("sms");
        assertThat(figures.get("unit").asText()).isEqualTo("MH");
        assertThat(figures.get("period").asText()).isEqualTo("2031-03");
        assertThat(figures.get("needed").asLong()).isEqualTo(4);
        assertThat(figures.get("remaining").asLong()).isEqualTo(3);

        assertThat(as("mh-op").getForEntity("/api/campaigns/" + id, JsonNode.class).getBody().get("status").asText())
                .isEqualTo("DRAFT");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM budget_reservation WHERE campaign_id = ?", Long.class, id)).isZero();
        assertThat(usage("2031-03").get("remaining").asLong()).isEqualTo(3);
    }

    @Test
    void twoLaunchesRacingForTheLastOfABudgetCannotBothHaveIt() throws Exception {
        budget("2031-04", 5);
        String a = campaign("2031-04", 3);
        String b = campaign("2031-04", 3);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<HttpStatus>> launches = new ArrayList<>();
            for (String id : List.of(a, b)) {
                launches.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return HttpStatus.valueOf(act(id, "schedule").getStatusCode().value());
                }, pool));
            }
            go.countDown();
            List<HttpStatus> outcomes = new ArrayList<>();
            for (CompletableFuture<HttpStatus> f : launches) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsExactlyInAnyOrder(HttpStatus.OK, HttpStatus.CONFLICT);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForList("SELECT status FROM campaign WHERE id IN (?, ?)", String.class, a, b))
                .containsExactlyInAnyOrder("SCHEDULED", "DRAFT");
        assertThat(jdbc.queryForObject("SELECT coalesce(sum(amount), 0) FROM budget_reservation WHERE unit_code = 'MH'"
                + " AND resource = 'sms' AND period = '2031-04' AND released_at IS NULL", Long.class)).isEqualTo(3);
        assertThat(usage("2031-04").get("remaining").asLong()).isEqualTo(2);
    }

    @Test
    void cancellingALaunchedCampaignReleasesWhatItHeldAndNotWhatItUsed() {
        budget("2031-05", 5);
        String a = campaign("2031-05", 4);
        String b = campaign("2031-05", 3);
        assertThat(act(a, "schedule").getStatusCode()).isEqualTo(HttpStatus.OK);
        jdbc.update("UPDATE campaign_contact SET status = 'SENT', contacted_at = '2031-05-10T09:00:00+08:00'"
                + " WHERE campaign_id = ? AND msisdn = '13900000000'", a);
        assertThat(act(b, "schedule").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        ResponseEntity<JsonNode> cancelled = act(a, "cancel");
        assertThat(cancelled.getStatusCode()).as("%s", cancelled.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM budget_reservation WHERE campaign_id = ? AND released_at IS NULL",
                Long.class, a)).isZero();
        JsonNode row = usage("2031-05");
        assertThat(row.get("reserved").asLong()).isZero();
        assertThat(row.get("consumed").asLong()).isEqualTo(1);
        assertThat(row.get("remaining").asLong()).isEqualTo(4);
        assertThat(act(b, "schedule").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(usage("2031-05").get("remaining").asLong()).isEqualTo(1);
    }

    @Test
    void aUnitWithoutABudgetLaunchesFreelyAndItsReservationShowsAsUnlimited() {
        String id = campaign("2031-06", 2);
        assertThat(act(id, "schedule").getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode row = usage("2031-06");
        assertThat(row.get("amount").isNull()).isTrue();
        assertThat(row.get("remaining").isNull()).isTrue();
        assertThat(row.get("reserved").asLong()).isEqualTo(2);
    }

    @Test
    void badBudgetsAreRefusedNamingEachField() {
        ResponseEntity<JsonNode> all = put("admin", "/api/budgets/ZZ/voucher/2026-13", Map.of("amount", -1));
        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(all.getBody())).containsExactly("unit", "resource", "period", "amount");
        assertThat(all.getBody().toString()).contains("ZZ is no organisation unit", "[call-minutes, sms]", "yyyy-MM",
                "from 0");

        assertThat(fields(put("admin", "/api/budgets/MH/sms/2026-1", Map.of("amount", 1)).getBody())).containsExactly("period");
        assertThat(fields(put("admin", "/api/budgets/MH/sms/2026-12", Map.of()).getBody())).containsExactly("amount");
        ResponseEntity<JsonNode> misspelt = put("admin", "/api/budgets/MH/sms/2026-12", Map.of("amount", 1, "amuont", 2));
        assertThat(misspelt.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(misspelt.getBody().toString()).contains("amuont");
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> nul = as("admin").exchange("/api/budgets/MH/sms/2026-12", HttpMethod.PUT,
                new HttpEntity<>("{\"amount\": 1, \"comment\": \"a\\u0000b\"}", json), JsonNode.class);
        assertThat(nul.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(nul.getBody())).containsExactly("comment");
        ResponseEntity<JsonNode> nulQuery = as("viewer").getForEntity(
                URI.create("http://localhost:" + port + "/api/budgets?unit=M%00H"), JsonNode.class);
        assertThat(nulQuery.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(fields(nulQuery.getBody())).containsExactly("unit");
        ResponseEntity<JsonNode> badPeriod = as("viewer").getForEntity("/api/budgets?period=12-2026", JsonNode.class);
        assertThat(fields(badPeriod.getBody())).containsExactly("period");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM marketing_budget WHERE period IN ('2026-12', '2026-13')",
                Long.class)).isZero();
    }

    @Test
    void aViewerOrAnOperatorMayNotSetABudget() {
        assertThat(put("viewer", "/api/budgets/MH/sms/2031-07", Map.of("amount", 1)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(put("mh-op", "/api/budgets/MH/sms/2031-07", Map.of("amount", 1)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM marketing_budget WHERE period = '2031-07'", Long.class)).isZero();
    }
}

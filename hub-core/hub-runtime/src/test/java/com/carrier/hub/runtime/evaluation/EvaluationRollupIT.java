package com.carrier.hub.runtime.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.cases.CaseLibrary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Periodic evaluation roll-ups (README "Periodic evaluation") over campaigns with known frozen evaluations: the
 * figures and the lift weighted by treatment size, the caller's unit visibility, bad parameters, and the case library
 * narrowed to a roll-up group. Each test uses its own year, so they do not count each other's campaigns. The users and
 * settings are GovernanceIT's (the sandbox's units: province FJ, cities FZ and XM, county MH in FZ), so the two share
 * one application context.
 */
@TestPropertySource(locations = "classpath:governance-it.properties")
class EvaluationRollupIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    CaseLibrary cases;

    private final String tag = UUID.randomUUID().toString().substring(0, 6);

    /** The campaigns of one year's March (and one each just outside it), by name. */
    private record Fixture(String a, String b, String c, String april, String open) {
    }

    /**
     * In March of {@code year} (response windows closing then, Asia/Shanghai): A (FZ, PROMOTION, SMS) 100 treated,
     * lift 0.20 − 0.10 = 0.10; B (FZ, PROMOTION, SMS 200 + OUTBOUND 100) 300 treated, lift 0.15 − 0.14 = 0.01; C (XM,
     * TARIFF, SMS) no control group, lift not measurable. Outside it: one whose window closes on 1 April 00:00 Shanghai
     * (still 31 March in UTC), one whose window closed in March but whose evaluation is not frozen.
     */
    private Fixture march(int year) throws Exception {
        String a = campaign(year, 10, "FZ", "PROMOTION", "PA-" + tag, true,
                f("SMS", 100, 0, 30, 20, 0), f("-", 0, 100, 0, 0, 10));
        String b = campaign(year, 12, "FZ", "PROMOTION", "PB-" + tag, true,
                f("SMS", 200, 0, 40, 30, 0), f("OUTBOUND", 100, 0, 20, 15, 0), f("-", 0, 100, 0, 0, 14));
        String c = campaign(year, 20, "XM", "TARIFF", "PC-" + tag, true, f("SMS", 50, 0, 10, 5, 0));
        // ends 25 March 00:00 Shanghai + 7 days = 1 April 00:00 Shanghai: April's
        String april = campaign(year, 25, "FZ", "PROMOTION", "PA-" + tag, true, f("SMS", 10, 0, 1, 1, 0),
                f("-", 0, 10, 0, 0, 0));
        String open = campaign(year, 5, "FZ", "PROMOTION", "PA-" + tag, false, f("SMS", 10, 0, 1, 1, 0));
        return new Fixture(a, b, c, april, open);
    }

    private static Evaluation.Funnel f(String channel, long treatment, long control, long responded, long orderedT,
                                       long orderedC) {
        return new Evaluation.Funnel(channel, "S1", treatment + control, 0, treatment, control, treatment, 0, treatment,
                responded, orderedT, orderedC, treatment == 0 ? null : (double) orderedT / treatment,
                control == 0 ? null : (double) orderedC / control, Lift.of(orderedT, treatment, orderedC, control));
    }

    /** A COMPLETED campaign ending on {@code day} March 00:00 Shanghai, response window 7 days, with its evaluation. */
    private String campaign(int year, int day, String unit, String type, String product, boolean frozen,
                            Evaluation.Funnel... breakdown) throws Exception {
        String id = "RU-" + tag + "-" + year + "-" + day + unit;
        Instant end = LocalDateTime.of(year, 3, day, 0, 0).atZone(HubTime.ZONE).toInstant();
        Instant start = end.minusSeconds(86_400 * 10);
        jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                      response_window_days, definition, created_by, unit_code)
                VALUES (?, ?, ?, ?, 'COMPLETED', ?, ?, 50, 7, ?::jsonb, 'planner-x', ?)""",
                id, "rollup " + id, type, product, Timestamp.from(start), Timestamp.from(end),
                """
                {"id":"%s","name":"rollup %s","type":"%s","productId":"%s","channels":["SMS"],
                 "start":"%s","end":"%s","responseWindowDays":7}""".formatted(id, id, type, product, start, end), unit);
        List<Evaluation.Funnel> rows = List.of(breakdown);
        Evaluation.Funnel total = rows.stream().reduce(f("ALL", 0, 0, 0, 0, 0), Evaluation.Funnel::plus);
        total = new Evaluation.Funnel("ALL", "ALL", total.targeted(), total.excluded(), total.treatment(),
                total.control(), total.sent(), 0, total.delivered(), total.responded(), total.orderedTreatment(),
                total.orderedControl(), total.conversionTreatment(), total.conversionControl(), total.lift());
        Instant closes = end.plusSeconds(86_400 * 7);
        Evaluation e = new Evaluation(id, type, product, "COMPLETED", closes, frozen, closes, total, rows, Map.of(),
                Map.of(), List.of());
        jdbc.update("INSERT INTO campaign_evaluation (campaign_id, computed_at, frozen, body) VALUES (?, ?, ?, ?::jsonb)",
                id, Timestamp.from(closes), frozen, json.writeValueAsString(e));
        return id;
    }

    private JsonNode rollup(String user, String query) {
        ResponseEntity<JsonNode> r = as(user).getForEntity("/api/evaluations/rollup?" + query, JsonNode.class);
        assertThat(r.getStatusCode()).as(r.toString()).isEqualTo(HttpStatus.OK);
        return r.getBody();
    }

    private static JsonNode group(JsonNode groups, String name) {
        for (JsonNode g : groups) {
            if (g.get("group").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no group " + name + " in " + groups);
    }

    private static List<String> names(JsonNode groups) {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.get("group").asText()));
        return out;
    }

    @Test
    void rollupCountsTheFrozenCampaignsOfThePeriodWithTheLiftWeightedByTreatment() throws Exception {
        march(2015);

        JsonNode byUnit = rollup("admin", "period=MONTH&at=2015-03&by=unit");
        assertThat(names(byUnit)).containsExactly("FZ", "XM");
        JsonNode fz = group(byUnit, "FZ");
        assertThat(fz.get("period").asText()).isEqualTo("201503");
        assertThat(fz.get("campaigns").asLong()).isEqualTo(2);
        assertThat(fz.get("contacts").asLong()).isEqualTo(400);
        assertThat(fz.get("responses").asLong()).isEqualTo(90);
        assertThat(fz.get("ordersTreatment").asLong()).isEqualTo(65);
        assertThat(fz.get("ordersControl").asLong()).isEqualTo(24);
        // (0.10 × 100 + 0.01 × 300) / 400 = 0.0325 — not the plain mean 0.055
        assertThat(fz.get("lift").asDouble()).isCloseTo(0.0325, within(1e-9));
        assertThat(fz.get("liftCampaigns").asLong()).isEqualTo(2);
        JsonNode xm = group(byUnit, "XM");
        assertThat(xm.get("campaigns").asLong()).isEqualTo(1);
        assertThat(xm.has("lift") && !xm.get("lift").isNull()).as("no control group: no lift").isFalse();
        assertThat(xm.get("liftCampaigns").asLong()).isZero();

        JsonNode byTouchpoint = rollup("admin", "period=month&at=2015-03&by=touchpoint");
        assertThat(names(byTouchpoint)).containsExactly("OUTBOUND", "SMS");
        JsonNode sms = group(byTouchpoint, "SMS");
        assertThat(sms.get("campaigns").asLong()).isEqualTo(3);
        assertThat(sms.get("contacts").asLong()).isEqualTo(350);
        // A 0.10 × 100 and B 0.01 × 200 (C has no lift): 12 / 300
        assertThat(sms.get("lift").asDouble()).isCloseTo(0.04, within(1e-9));
        JsonNode outbound = group(byTouchpoint, "OUTBOUND");
        assertThat(outbound.get("contacts").asLong()).isEqualTo(100);
        assertThat(outbound.get("ordersControl").asLong()).isEqualTo(14);
        assertThat(outbound.get("lift").asDouble()).isCloseTo(0.01, within(1e-9));

        JsonNode byType = rollup("admin", "period=QUARTER&at=2015-Q1&by=type");
        assertThat(names(byType)).containsExactly("PROMOTION", "TARIFF");
        assertThat(group(byType, "PROMOTION").get("period").asText()).isEqualTo("2015Q1");
        // the April one is the second quarter's; the year has it, the unfrozen one is in neither
        assertThat(group(rollup("admin", "period=YEAR&at=2015&by=type"), "PROMOTION").get("campaigns").asLong())
                .isEqualTo(3);
        assertThat(group(rollup("admin", "period=QUARTER&at=2015-Q2&by=type"), "PROMOTION").get("campaigns").asLong())
                .isEqualTo(1);

        String csv = as("admin").getForObject("/api/evaluations/rollup?period=MONTH&at=2015-03&by=unit&format=csv",
                String.class);
        assertThat(csv.lines()).containsExactly(String.join(",", EvaluationRollupTable.COLUMNS),
                "201503,unit,FZ,2,400,90,65,24,0.0325000,2", "201503,unit,XM,1,50,10,5,0,,0");
    }

    @Test
    void aCityUserCountsOnlyTheCampaignsItsUnitSees() throws Exception {
        march(2016);

        JsonNode xm = rollup("xm-viewer", "period=MONTH&at=2016-03&by=unit");
        assertThat(names(xm)).containsExactly("XM");
        assertThat(names(rollup("xm-viewer", "period=MONTH&at=2016-03&by=type"))).containsExactly("TARIFF");
        JsonNode sms = group(rollup("xm-viewer", "period=MONTH&at=2016-03&by=touchpoint"), "SMS");
        assertThat(sms.get("campaigns").asLong()).isEqualTo(1);
        assertThat(sms.get("contacts").asLong()).isEqualTo(50);
        // the county below FZ sees neither FZ's nor XM's
        assertThat(rollup("mh-op", "period=MONTH&at=2016-03&by=unit")).isEmpty();
        // the province sees both
        assertThat(names(rollup("fj-op", "period=MONTH&at=2016-03&by=unit"))).containsExactly("FZ", "XM");
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        assertThat(badField("period=WEEK&at=2026-11&by=unit")).containsExactly("period");
        assertThat(badField("period=MONTH&at=2026-13&by=unit")).containsExactly("at");
        assertThat(badField("period=MONTH&at=november&by=unit")).containsExactly("at");
        assertThat(badField("period=QUARTER&at=2026-Q5&by=unit")).containsExactly("at");
        assertThat(badField("period=MONTH&at=2026-11&by=region")).containsExactly("by");
        assertThat(badField("period=MONTH&by=unit")).containsExactly("at");
        assertThat(badField("period=MONTH&at=2026-11&by=unit&perod=YEAR")).containsExactly("perod");
        ResponseEntity<String> r = as("viewer").getForEntity("/api/evaluations/rollup?period=WEEK&at=2026-11&by=unit",
                String.class);
        assertThat(r.getBody()).contains("'WEEK' is not a period").doesNotContain("Exception").doesNotContain("SELECT");
    }

    private List<String> badField(String query) {
        ResponseEntity<JsonNode> r = as("viewer").getForEntity("/api/evaluations/rollup?" + query, JsonNode.class);
        assertThat(r.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
        List<String> fields = new ArrayList<>();
        r.getBody().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    @Test
    void theCaseLibraryNarrowsToARollupGroup() throws Exception {
        Fixture m = march(2017);
        cases.openCases();

        assertThat(caseIds("period=MONTH&at=2017-03")).containsExactlyInAnyOrder(m.a(), m.b(), m.c());
        assertThat(caseIds("period=MONTH&at=2017-03&unit=FZ")).containsExactlyInAnyOrder(m.a(), m.b());
        assertThat(caseIds("period=MONTH&at=2017-03&touchpoint=OUTBOUND")).containsExactly(m.b());
        assertThat(caseIds("period=MONTH&at=2017-03&type=tariff")).containsExactly(m.c());
        assertThat(caseIds("period=MONTH&at=2017-03&product=PA-" + tag)).containsExactly(m.a());
        assertThat(caseIds("period=QUARTER&at=2017-Q2")).containsExactly(m.april());
        assertThat(as("viewer").getForEntity("/api/cases?unit=FZ", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(as("viewer").getForEntity("/api/cases?period=MONTH&at=2017-3", String.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private List<String> caseIds(String query) {
        List<String> ids = new ArrayList<>();
        as("viewer").getForObject("/api/cases?" + query, JsonNode.class).forEach(c -> ids.add(c.get("campaignId").asText()));
        return ids;
    }
}

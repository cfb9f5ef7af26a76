package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.CustomerGroups;
import com.carrier.hub.runtime.evaluation.EvaluationTable;

/**
 * The campaign and evaluation pages without a browser: every form's bad input (empty, too long, wrong type, NUL, an
 * unknown field) answered with the API's per-field errors beside their inputs and the values kept; a script in a
 * campaign's name and template shown as text everywhere (list, page, form, evaluation and its SVG); a POST without
 * the CSRF token and a VIEWER's action refused (and audited under the API's action name); the lifecycle, the target
 * selections, the progress endpoint and the evaluation's CSV.
 */
class ConsoleCampaignsIT extends HubIT {

    static final String SCRIPT = "<script>alert(1)</script>";

    @Autowired
    WebApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail audit;
    @Autowired
    CampaignService campaigns;
    @Autowired
    CustomerGroups groups;

    MockMvc mvc;
    MockHttpSession operator;

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        operator = signIn("operator");
    }

    @Test
    void anEmptyFormIsAnsweredWithEachRequiredFieldsErrorBesideItsInput() throws Exception {
        Document page = html(mvc.perform(form(post("/console/campaigns"))).andExpect(status().isBadRequest()));
        assertThat(errors(page, "id")).containsExactly("is required");
        assertThat(errors(page, "name")).containsExactly("is required");
        assertThat(errors(page, "type")).singleElement().asString().startsWith("is required: one of");
        assertThat(errors(page, "channels")).singleElement().asString().startsWith("needs at least one of");
        assertThat(errors(page, "start")).singleElement().asString().startsWith("is required");
        assertThat(errors(page, "end")).singleElement().asString().startsWith("is required");
        // each beside its own input: the list follows the input in the same field
        assertThat(page.getElementById("errors-name").parent().getElementById("f-name")).isNotNull();
    }

    @Test
    void tooLongWrongTypeNulAndUnknownFieldsAreNamedAndTheTypedValuesKept() throws Exception {
        String id = newId();
        Document page = html(mvc.perform(form(valid(post("/console/campaigns"), id, "name", "x".repeat(101),
                        "controlPercent", "abc", "responseWindowDays", "7.5", "quietHours.start", "25:99",
                        "acceptKeywords", "Y, O\u0000K", "templates.SMS.text", "您好\u0000"))
                        .param("colour", "blue"))
                .andExpect(status().isBadRequest()));
        assertThat(errors(page, "name")).containsExactly("must be at most 100 characters");
        assertThat(errors(page, "controlPercent")).containsExactly("must be a number, got 'abc'");
        assertThat(errors(page, "responseWindowDays")).containsExactly("must be a whole number, got '7.5'");
        assertThat(errors(page, "quietHours.start")).containsExactly("must be a time as HH:mm, got '25:99'");
        assertThat(errors(page, "form")).containsExactly("unknown field 'colour'");
        assertThat(page.getElementById("f-controlPercent").val()).isEqualTo("abc");
        assertThat(page.getElementById("f-name").val()).isEqualTo("x".repeat(101));
        assertThat(campaigns.count(id, null, null)).as("nothing created").isZero();

        // once the form can be read, the validator's own wording, beside the input
        page = html(mvc.perform(form(valid(post("/console/campaigns"), id, "name", "bad\u0000name",
                        "acceptKeywords", "Y, O\u0000K, TD", "templates.SMS.text", "您好${nmae}")))
                .andExpect(status().isBadRequest()));
        assertThat(errors(page, "name")).containsExactly("must not contain U+0000 (NUL)");
        assertThat(errors(page, "acceptKeywords")).containsExactly("must not contain U+0000 (NUL)",
                "'TD' is an unsubscribe keyword (TD, 0000, QXTD)");
        assertThat(errors(page, "templates.SMS.text")).singleElement().asString().startsWith("unknown placeholder ${nmae}");
        assertThat(page.getElementById("f-templates.SMS.text").text()).isEqualTo("您好${nmae}");
        assertThat(campaigns.count(id, null, null)).isZero();
    }

    @Test
    void aScriptInTheNameAndTemplateIsShownAsTextOnEveryPageAndChart() throws Exception {
        String id = newId();
        mvc.perform(form(valid(post("/console/campaigns"), id, "name", SCRIPT + " 名", "templates.SMS.text",
                        SCRIPT + " ${name}")))
                .andExpect(redirectedUrl("/console/campaigns/" + id));
        // the evaluation is computed in the background; the page shows it once it is (at once on an idle machine)
        await().atMost(Duration.ofSeconds(20)).until(() -> page(operator, "/console/campaigns/" + id + "/evaluation")
                .contains("chart-funnel"));
        for (String path : List.of("/console/campaigns?q=" + id, "/console/campaigns/" + id, "/console/campaigns/" + id + "/edit",
                "/console/campaigns/" + id + "/evaluation")) {
            String body = page(operator, path);
            assertThat(body).as(path).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
        Document evaluation = Jsoup.parse(page(operator, "/console/campaigns/" + id + "/evaluation"));
        assertThat(evaluation.getElementById("evaluation-title").text()).contains(SCRIPT);
        assertThat(evaluation.select("svg#chart-funnel text.label")).hasSize(8);
        assertThat(evaluation.select("svg#chart-conversion rect.bar")).hasSize(2);
        // the only script element is the console's own (the progress updater), on the campaign page
        assertThat(Jsoup.parse(page(operator, "/console/campaigns/" + id)).select("script"))
                .singleElement().satisfies(s -> assertThat(s.attr("src")).isEqualTo("/console/js/progress.js"));
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndAViewerSeesNoActionAndIsRefusedWhenForging() throws Exception {
        String id = created();
        // the page holds the session's token; the POST leaves it out
        page(operator, "/console/campaigns/" + id);
        mvc.perform(post("/console/campaigns/" + id + "/schedule").session(operator))
                .andExpect(status().isForbidden()).andExpect(forwardedUrl("/console/denied"));
        assertThat(campaigns.get(id).status()).isEqualTo(CampaignStatus.DRAFT);

        MockHttpSession viewer = signIn("viewer");
        Document page = Jsoup.parse(page(viewer, "/console/campaigns/" + id));
        assertThat(page.select("#actions, #targets, #edit, button[id^=action-]")).isEmpty();
        assertThat(Jsoup.parse(page(viewer, "/console/campaigns")).getElementById("new-campaign")).isNull();
        mvc.perform(post("/console/campaigns/" + id + "/schedule").session(viewer).with(csrf()))
                .andExpect(status().isForbidden()).andExpect(forwardedUrl("/console/denied"));
        mvc.perform(get("/console/campaigns/new").session(viewer)).andExpect(status().isForbidden());
        mvc.perform(multipart("/console/campaigns/" + id + "/targets").file(list("13800000001|S\n"))
                .param("listId", "L1").param("charset", "UTF-8").session(viewer).with(csrf())).andExpect(status().isForbidden());
        assertThat(campaigns.get(id).status()).isEqualTo(CampaignStatus.DRAFT);
        AuditTrail.Event event = lastAudit("viewer");
        assertThat(event.action()).isEqualTo("campaigns.targets");
        assertThat(event.outcome()).isEqualTo("403");
    }

    @Test
    void anOperatorMovesTheCampaignThroughItsLifecycleAuditedAsTheApisActions() throws Exception {
        String id = created();
        Document page = Jsoup.parse(page(operator, "/console/campaigns/" + id));
        assertThat(page.select("button[id^=action-]").eachAttr("id")).containsExactly("action-schedule", "action-cancel");
        mvc.perform(post("/console/campaigns/" + id + "/schedule").session(operator).with(csrf()))
                .andExpect(redirectedUrl("/console/campaigns/" + id));
        mvc.perform(post("/console/campaigns/" + id + "/start").session(operator).with(csrf()))
                .andExpect(redirectedUrl("/console/campaigns/" + id));
        assertThat(campaigns.get(id).status()).isEqualTo(CampaignStatus.RUNNING);
        AuditTrail.Event event = lastAudit("operator");
        assertThat(event.action()).isEqualTo("campaigns.start");
        assertThat(event.target()).isEqualTo(id);
        assertThat(event.outcome()).isEqualTo("302");

        // a step the status does not allow: said on the page, nothing changed
        MvcResult refused = mvc.perform(post("/console/campaigns/" + id + "/schedule").session(operator).with(csrf()))
                .andExpect(redirectedUrl("/console/campaigns/" + id)).andReturn();
        assertThat(refused.getFlashMap().get("refused")).asString().contains("cannot schedule", "RUNNING");
        mvc.perform(post("/console/campaigns/" + id + "/explode").session(operator).with(csrf()))
                .andExpect(status().isNotFound());
        assertThat(campaigns.get(id).status()).isEqualTo(CampaignStatus.RUNNING);
    }

    @Test
    void aRunningCampaignsEditChangesItsNameAndRefusesItsContentBesideTheField() throws Exception {
        String id = created();
        campaigns.act(id, "schedule", "test");
        campaigns.act(id, "start", "test");
        Document form = Jsoup.parse(page(operator, "/console/campaigns/" + id + "/edit"));
        assertThat(form.getElementById("f-productId")).as("a running campaign's form has only what may change").isNull();
        mvc.perform(post("/console/campaigns/" + id).session(operator).with(csrf()).param("name", "新名称")
                        .param("end", form.getElementById("f-end").val()))
                .andExpect(redirectedUrl("/console/campaigns/" + id));
        assertThat(campaigns.get(id).definition().name()).isEqualTo("新名称");

        Document refused = html(mvc.perform(post("/console/campaigns/" + id).session(operator).with(csrf())
                .param("name", "新名称").param("productId", "OTHER")).andExpect(status().isBadRequest()));
        assertThat(errors(refused, "form")).singleElement().asString()
                .startsWith("productId: cannot change once the campaign runs; only [end, name, targets] may");
        assertThat(campaigns.get(id).definition().productId()).isEqualTo("P5G");
    }

    @Test
    void anUploadIsReadByTheApisReaderAndItsRefusalsAreShownBesideTheFile() throws Exception {
        String id = created();
        String prefix = "139" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
        for (int i = 1; i <= 3; i++) {
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                    + " customer_class, arpu_3m_fen, update_time) VALUES (?, ?, '客户', 'MZONE', '591', 'P100', 1, '', 3, 100, now())"
                    + " ON CONFLICT DO NOTHING", prefix + "000" + i, "C" + prefix + i);
        }
        Document nul = html(mvc.perform(multipart("/console/campaigns/" + id + "/targets")
                        .file(list(prefix + "0001|S\n" + prefix + "0002|S\u0000\n")).param("listId", "L1")
                        .param("charset", "UTF-8").session(operator).with(csrf()))
                .andExpect(status().isBadRequest()));
        assertThat(nul.select("#target-errors-file li").eachText()).containsExactly("line 2: must not contain U+0000 (NUL)");
        assertThat(nul.getElementById("u-listId").val()).isEqualTo("L1");

        Document noFile = html(mvc.perform(multipart("/console/campaigns/" + id + "/targets").param("listId", "L2")
                .param("charset", "EBCDIC").session(operator).with(csrf())).andExpect(status().isBadRequest()));
        assertThat(noFile.select("#target-errors-file li").eachText()).singleElement().asString().startsWith("is required");
        assertThat(noFile.select("#target-errors-charset li").eachText()).containsExactly("must be one of [UTF-8, GBK]");

        MvcResult taken = mvc.perform(multipart("/console/campaigns/" + id + "/targets")
                        .file(list(prefix + "0001|S\n" + prefix + "0002|S\n" + prefix + "0003|S\n12345|S\n")).param("listId", "L3")
                        .param("charset", "UTF-8").session(operator).with(csrf()))
                .andExpect(redirectedUrl("/console/campaigns/" + id)).andReturn();
        assertThat(taken.getFlashMap().get("targetResult")).isNotNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ?", Long.class, id)).isEqualTo(4);
        assertThat(lastAudit("operator").action()).isEqualTo("campaigns.targets");

        Document again = html(mvc.perform(multipart("/console/campaigns/" + id + "/targets").file(list(prefix + "0001|S\n"))
                .param("listId", "L3").param("charset", "UTF-8").session(operator).with(csrf())).andExpect(status().isBadRequest()));
        assertThat(again.select("#target-errors-form li").text()).contains("L3", "was accepted before");

        // the progress shown before the upload is kept for hub.console.progress-max-age, then computed afresh
        String[] progress = {""};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            progress[0] = mvc.perform(get("/console/campaigns/" + id + "/progress").session(operator))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            return progress[0].contains("\"targeted\":4");
        });
        assertThat(progress[0]).contains("\"status\":\"DRAFT\"", "\"targeted\":4", "\"BAD_MSISDN\":1").doesNotContain(prefix);
    }

    @Test
    void aQueryIsCountedBeforeItIsCommittedAndItsBadCriteriaAreNamedBesideTheirInputs() throws Exception {
        String id = created();
        String city = String.valueOf(100 + Math.abs(UUID.randomUUID().hashCode()) % 899);
        String prefix = "137" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
        for (int i = 1; i <= 2; i++) {
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                    + " customer_class, arpu_3m_fen, update_time) VALUES (?, ?, '客户', 'GOTONE', ?, 'P100', 1, '', 1, 100, now())"
                    + " ON CONFLICT DO NOTHING", prefix + "000" + i, "C" + prefix + i, city);
        }
        Document bad = html(mvc.perform(post("/console/campaigns/" + id + "/targets:count").session(operator).with(csrf())
                .param("listId", "Q1").param("brands", "GOTONE'; DROP TABLE customer; --").param("arpuMinFen", "ten")
                .param("cities", "59x")).andExpect(status().isBadRequest()));
        assertThat(bad.select("#target-errors-arpuMinFen li").eachText()).containsExactly("must be a whole number of fen, got 'ten'");
        Document bad2 = html(mvc.perform(post("/console/campaigns/" + id + "/targets:count").session(operator).with(csrf())
                .param("brands", "PLATINUM").param("cities", "59x")).andExpect(status().isBadRequest()));
        assertThat(bad2.select("#target-errors-brands li").text()).contains("must be one of");
        assertThat(bad2.select("#target-errors-cities li").text()).contains("must be 3-4 digits");
        Document none = html(mvc.perform(post("/console/campaigns/" + id + "/targets:count").session(operator).with(csrf()))
                .andExpect(status().isBadRequest()));
        assertThat(none.select("#target-errors-all li").text()).contains("would select every customer");

        Document counted = Jsoup.parse(mvc.perform(post("/console/campaigns/" + id + "/targets:count").session(operator)
                .with(csrf()).param("listId", "Q1").param("brands", "GOTONE").param("cities", city))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(counted.getElementById("query-count").text()).contains("2");
        assertThat(counted.getElementById("q-cities").val()).as(counted.getElementById("query-form").outerHtml()).isEqualTo(city);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ?", Long.class, id))
                .as("counting selects nothing").isZero();

        mvc.perform(post("/console/campaigns/" + id + "/targets:query").session(operator).with(csrf())
                .param("listId", "Q1").param("brands", "GOTONE").param("cities", city))
                .andExpect(redirectedUrl("/console/campaigns/" + id));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ?", Long.class, id)).isEqualTo(2);
        assertThat(lastAudit("operator").action()).isEqualTo("campaigns.targets-by-query");
    }

    @Test
    void aDraftsFormSentBackAsRenderedChangesOnlyWhatWasChanged() throws Exception {
        String id = created();
        CampaignDefinition before = campaigns.get(id).definition();
        int version = campaigns.get(id).version();
        org.jsoup.nodes.FormElement form = (org.jsoup.nodes.FormElement) Jsoup.parse(
                page(operator, "/console/campaigns/" + id + "/edit")).getElementById("campaign-form");
        MockHttpServletRequestBuilder post = post("/console/campaigns/" + id).session(operator).with(csrf());
        for (org.jsoup.Connection.KeyVal field : form.formData()) {
            post.param(field.key(), "productId".equals(field.key()) ? "P5G-PLUS" : field.value());
        }
        mvc.perform(post).andExpect(redirectedUrl("/console/campaigns/" + id));
        CampaignDefinition after = campaigns.get(id).definition();
        assertThat(after.productId()).isEqualTo("P5G-PLUS");
        assertThat(after).usingRecursiveComparison().ignoringFields("productId").isEqualTo(before);
        assertThat(campaigns.get(id).version()).as("one change").isEqualTo(version + 1);
        assertThat(lastAudit("operator").action()).isEqualTo("campaigns.patch");
    }

    @Test
    void aSavedGroupIsSelectedAndAGroupThatIsNotThereIsNamedBesideItsChoice() throws Exception {
        String id = created();
        String group = "G-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "135" + String.format("%04d", Math.abs(UUID.randomUUID().hashCode()) % 10000);
        groups.save(group, "春季客户群", null, "test", List.of(prefix + "0001", prefix + "0002"), null);
        assertThat(Jsoup.parse(page(operator, "/console/campaigns/" + id)).select("#g-groupId option").eachAttr("value"))
                .contains(group);
        Document missing = html(mvc.perform(post("/console/campaigns/" + id + "/targets:group").session(operator).with(csrf())
                .param("listId", "G1").param("groupId", "NO-SUCH-GROUP")).andExpect(status().isBadRequest()));
        assertThat(missing.select("#target-errors-groupId li").eachText()).containsExactly("no customer group 'NO-SUCH-GROUP'");
        assertThat(missing.getElementById("g-listId").val()).isEqualTo("G1");
        mvc.perform(post("/console/campaigns/" + id + "/targets:group").session(operator).with(csrf())
                .param("listId", "G1").param("groupId", group)).andExpect(redirectedUrl("/console/campaigns/" + id));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ?", Long.class, id)).isEqualTo(2);
        assertThat(lastAudit("operator").action()).isEqualTo("campaigns.targets-by-group");
    }

    @Test
    void theListSearchesByIdOrNameAndRefusesAFilterItDoesNotHave() throws Exception {
        String id = created();
        Document found = Jsoup.parse(page(operator, "/console/campaigns?q=" + id.toLowerCase() + "&status=DRAFT&type=PROMOTION"));
        assertThat(found.select("#campaign-list tbody tr").eachAttr("id")).containsExactly("campaign-" + id);
        Document byName = Jsoup.parse(mvc.perform(get("/console/campaigns").param("q", "5G 升级 " + id).session(operator))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(byName.select("#campaign-list tbody tr").eachAttr("id")).containsExactly("campaign-" + id);
        assertThat(Jsoup.parse(page(operator, "/console/campaigns?q=%25")).select("#campaign-list a")).as("%% is not a wildcard")
                .isEmpty();
        assertThat(page(operator, "/console/campaigns?lang=en")).contains("<h1>Campaigns</h1>", "New campaign")
                .doesNotContain("营销活动");
        await().atMost(Duration.ofSeconds(20)).until(() -> page(operator, "/console/campaigns/" + id + "/evaluation")
                .contains("chart-funnel"));
        assertThat(Jsoup.parse(page(operator, "/console/campaigns/" + id + "/evaluation?lang=en")).select("h2").eachText())
                .contains("Funnel", "Conversion, treatment and control", "Lift");
        String refused = mvc.perform(get("/console/campaigns").param("status", "RUNNIN").param("sort", "name").session(operator))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("sort: not a filter of this page", "status: one of").doesNotContain("Exception");
    }

    @Test
    void theEvaluationIsExportedWithTheEvalLayoutsColumns() throws Exception {
        String id = created();
        MockHttpSession viewer = signIn("viewer");
        await().atMost(Duration.ofSeconds(20)).until(() -> mvc.perform(get("/console/campaigns/" + id + "/evaluation.csv")
                .session(viewer)).andReturn().getResponse().getStatus() == 200);
        MvcResult csv = mvc.perform(get("/console/campaigns/" + id + "/evaluation.csv").session(viewer))
                .andExpect(status().isOk()).andReturn();
        List<String> lines = csv.getResponse().getContentAsString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", EvaluationTable.COLUMNS));
        assertThat(lines.get(lines.size() - 1)).startsWith(id + ",ALL,ALL,0,");
        assertThat(csv.getResponse().getHeader("Content-Disposition")).contains("evaluation-" + id + ".csv");
    }

    private String created() throws Exception {
        String id = newId();
        mvc.perform(form(valid(post("/console/campaigns"), id))).andExpect(redirectedUrl("/console/campaigns/" + id));
        return id;
    }

    /** A valid campaign form, with {@code changes} (name, value, name, value …) in place of its values. */
    private static MockHttpServletRequestBuilder valid(MockHttpServletRequestBuilder request, String id, String... changes) {
        java.util.Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("id", id);
        form.put("name", "5G 升级 " + id);
        form.put("type", "PROMOTION");
        form.put("productId", "P5G");
        form.put("channels", "SMS");
        form.put("templates.SMS.text", "尊敬的${name}，回复Y办理");
        form.put("sourceAddress", "10658001");
        form.put("start", "2026-11-23T08:00");
        form.put("end", "2027-01-23T08:00");
        form.put("targets[0].metric", "ORDERED");
        form.put("targets[0].value", "100");
        for (int i = 0; i < changes.length; i += 2) {
            form.put(changes[i], changes[i + 1]);
        }
        form.forEach(request::param);
        return request;
    }

    private MockHttpServletRequestBuilder form(MockHttpServletRequestBuilder request) {
        return request.session(operator).with(csrf());
    }

    private static MockMultipartFile list(String content) {
        return new MockMultipartFile("file", "TGT.dat", "text/plain", content.getBytes(StandardCharsets.UTF_8));
    }

    private static Document html(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return Jsoup.parse(result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static List<String> errors(Document page, String input) {
        return page.select("ul[id=\"errors-" + input + "\"] li").eachText();
    }

    private static String newId() {
        return "CC-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private MockHttpSession signIn(String user) throws Exception {
        MvcResult result = mvc.perform(formLogin("/login").user(user).password(user + "-pw"))
                .andExpect(redirectedUrl("/")).andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private String page(MockHttpSession session, String path) throws Exception {
        return mvc.perform(get(path).session(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private AuditTrail.Event lastAudit(String actor) {
        List<AuditTrail.Event> events = audit.find(new AuditTrail.Query(actor, "campaigns.", null, null, null, null, 1)).items();
        assertThat(events).isNotEmpty();
        return events.get(0);
    }
}

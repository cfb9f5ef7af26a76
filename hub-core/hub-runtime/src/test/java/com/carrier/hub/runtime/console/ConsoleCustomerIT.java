package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
import com.carrier.hub.runtime.files.JdbcFileLedger;
import com.carrier.hub.runtime.policy.PolicyListStore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The customer, contact policy and case library pages without a browser: the customer's decisions and codes in one
 * place, masked for a VIEWER and whole for an OPERATOR (and the same through {@code GET /api/customers/{msisdn}});
 * list entries added, removed after a confirmation and imported with line errors, audited without the number; cases
 * searched, shown and scored by the API's rules; and for every form bad input — empty, too long, wrong type, NUL,
 * a script (shown escaped), an unknown field, a missing CSRF token, an expired session, a role that may not act.
 */
class ConsoleCustomerIT extends HubIT {

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
    /** Numbers no other test uses. */
    static final String CUSTOMER = "13700190001";
    static final String LISTED = "13700190002";
    static final String IMPORTED = "13700190003";
    static final String CAMPAIGN = "CCUST-1";
    static final String CASE = "CCUST-CASE";

    @Autowired
    WebApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail audit;
    @Autowired
    PolicyListStore lists;
    @Autowired
    JdbcFileLedger files;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        clean();
    }

    @AfterEach
    void clean() {
        ConsoleCustomerData.clean(jdbc, lists, List.of(CUSTOMER, LISTED, IMPORTED), List.of(CAMPAIGN, CASE));
    }

    // ---- customer

    @Test
    void aCustomersDecisionsCodesContactsAndResponsesAreInOnePlaceWholeForAnOperatorMaskedForAViewer() throws Exception {
        customerWithHistory();
        String operator = page(signIn("operator"), "/console/customers?msisdn=" + CUSTOMER);
        assertThat(operator).contains(CUSTOMER, "C-77", "张三丰", "GOTONE", "P-5G", "5G plan")
                // the decision and its code, the contact's channel, and the response
                .contains("decision-" + CAMPAIGN, "HOLDS_PRODUCT", "EXCLUDED", "SMS", "REPLIED")
                .contains("黑名单")
                // a script in a campaign name and a number in a response's detail: escaped, masked
                .contains(ESCAPED).doesNotContain(SCRIPT).contains("call 138****5678").doesNotContain("13812345678");

        String viewer = page(signIn("viewer"), "/console/customers?msisdn=" + CUSTOMER);
        assertThat(viewer).contains("137****0001", "customer-masked", "张**", "HOLDS_PRODUCT")
                .doesNotContain(CUSTOMER).doesNotContain("张三丰").doesNotContain("customer-policy");
    }

    @Test
    void theApiAnswersTheSameCustomerMaskedForAViewerWholeForAnOperatorAnd404And400() {
        customerWithHistory();
        ResponseEntity<JsonNode> viewer = as("viewer").getForEntity("/api/customers/" + CUSTOMER, JsonNode.class);
        assertThat(viewer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(viewer.getBody().get("msisdn").asText()).isEqualTo("137****0001");
        assertThat(viewer.getBody().get("masked").asBoolean()).isTrue();
        assertThat(viewer.getBody().at("/index/custName").asText()).isEqualTo("张**");
        assertThat(viewer.getBody().toString()).doesNotContain(CUSTOMER);
        JsonNode decision = viewer.getBody().at("/campaigns/0");
        assertThat(decision.get("campaignId").asText()).isEqualTo(CAMPAIGN);
        assertThat(decision.get("reason").asText()).isEqualTo("HOLDS_PRODUCT");

        JsonNode operator = as("operator").getForEntity("/api/customers/" + CUSTOMER, JsonNode.class).getBody();
        assertThat(operator.get("msisdn").asText()).isEqualTo(CUSTOMER);
        assertThat(operator.at("/index/custName").asText()).isEqualTo("张三丰");
        assertThat(operator.at("/lists/0/list").asText()).isEqualTo("blacklist");
        assertThat(operator.at("/responses/0/type").asText()).isEqualTo("REPLIED");

        ResponseEntity<JsonNode> unknown = as("viewer").getForEntity("/api/customers/13700199999", JsonNode.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody().toString()).contains("137****9999").doesNotContain("13700199999");
        ResponseEntity<JsonNode> bad = as("viewer").getForEntity("/api/customers/1370019000x", JsonNode.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().at("/errors/0/field").asText()).isEqualTo("msisdn");
    }

    @Test
    void aBadNumberIsAFieldErrorBesideTheBoxNeverAStackTrace() throws Exception {
        MockHttpSession viewer = signIn("viewer");
        // empty: the form alone
        assertThat(page(viewer, "/console/customers?msisdn=")).contains("customer-lookup").doesNotContain("msisdn-error");
        for (String bad : List.of("1370019000x", "23700190001", "1".repeat(300), SCRIPT, "１３７００１９０００１")) {
            String body = mvc.perform(get("/console/customers").param("msisdn", bad).session(viewer))
                    .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
            assertThat(body).contains("msisdn-error").doesNotContain(SCRIPT).doesNotContain("Exception")
                    .doesNotContain("1".repeat(41));
        }
        // NUL: refused before any page (NulParameters), naming the field
        assertThat(mvc.perform(get("/console/customers").param("msisdn", "137\u00000190001").session(viewer))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString()).contains("msisdn");
        // a misspelt field is refused naming it, never ignored; so is a field given twice
        assertThat(mvc.perform(get("/console/customers").param("msisdnn", CUSTOMER).session(viewer))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString()).contains("msisdnn");
        mvc.perform(get("/console/customers").param("msisdn", CUSTOMER, LISTED).session(viewer))
                .andExpect(status().isBadRequest());
        // unknown: said so, the number masked for the viewer
        assertThat(page(viewer, "/console/customers?msisdn=13700199999")).contains("customer-unknown", "137****9999")
                .doesNotContain("13700199999");
    }

    // ---- contact policy lists

    @Test
    void anOperatorAddsAndAfterConfirmingRemovesAnEntryAndBothAreAuditedWithoutTheNumber() throws Exception {
        MockHttpSession operator = signIn("operator");
        mvc.perform(post("/console/contact-policy/add").session(operator).with(csrf()).param("list", "blacklist")
                        .param("msisdn", LISTED).param("reason", SCRIPT))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/console/contact-policy?msisdn=" + LISTED));
        assertThat(lists.lookup(PolicyListStore.ListKind.BLACKLIST, LISTED)).singleElement()
                .satisfies(e -> assertThat(e.source()).isEqualTo("console:operator"));
        String page = page(operator, "/console/contact-policy?msisdn=" + LISTED);
        assertThat(page).contains(ESCAPED).doesNotContain(SCRIPT).contains("remove-blacklist-0");
        AuditTrail.Event added = lastAudit("operator", "contact-policy.add");
        assertThat(added.outcome()).isEqualTo("302");

        mvc.perform(post("/console/contact-policy/add").session(operator).with(csrf()).param("list", "optouts")
                .param("msisdn", LISTED).param("channels", "sms")).andExpect(status().is3xxRedirection());
        assertThat(lists.lookup(PolicyListStore.ListKind.OPTOUT, LISTED)).extracting(PolicyListStore.Entry::channels)
                .containsExactly(List.of("SMS"));

        String confirm = page(operator, "/console/contact-policy/remove?list=blacklist&msisdn=" + LISTED);
        assertThat(confirm).contains("confirm-form", "name=\"_csrf\"");
        mvc.perform(post("/console/contact-policy/remove").session(operator).with(csrf()).param("list", "blacklist")
                .param("msisdn", LISTED)).andExpect(status().is3xxRedirection());
        assertThat(lists.lookup(PolicyListStore.ListKind.BLACKLIST, LISTED)).isEmpty();
        assertThat(lists.lookup(PolicyListStore.ListKind.OPTOUT, LISTED)).hasSize(1);
        AuditTrail.Event removed = lastAudit("operator", "contact-policy.remove");
        assertThat(removed.before().toString()).contains("\"onList\":true");
        assertThat(removed.after().toString()).contains("\"onList\":false");
        assertThat(added.toString() + removed).doesNotContain(LISTED);
        // the confirmation of an entry that is not there any more: 404, saying so
        mvc.perform(get("/console/contact-policy/remove").session(operator).param("list", "blacklist")
                .param("msisdn", LISTED)).andExpect(status().isNotFound());
    }

    @Test
    void theAddFormsBadFieldsAreShownBesideThemAndNothingIsStored() throws Exception {
        MockHttpSession operator = signIn("operator");
        record Case(String list, String msisdn, String channels, String reason, String errorId) {
        }
        for (Case c : List.of(new Case("blacklist", "", null, null, "add-msisdn-error"),
                new Case("blacklist", "1370019000", null, null, "add-msisdn-error"),
                new Case("blacklist", SCRIPT, null, null, "add-msisdn-error"),
                new Case("greylist", LISTED, null, null, "add-channels-error"),
                new Case("greylist", LISTED, "SMS,FAX", null, "add-channels-error"),
                new Case("optouts", LISTED, "SMS,PORTAL", null, "add-channels-error"),
                new Case("blacklist", LISTED, null, "x".repeat(501), "add-reason-error"),
                new Case("blacklist", LISTED, null, "complaint\u0000", "add-reason-error"),
                new Case("optouts", LISTED, "SMS", "moved away", "add-reason-error"),
                new Case("whitelist", LISTED, null, null, "add-list-error"))) {
            MockHttpServletRequestBuilder add = post("/console/contact-policy/add").session(operator).with(csrf())
                    .param("list", c.list()).param("msisdn", c.msisdn());
            if (c.channels() != null) {
                add.param("channels", c.channels());
            }
            if (c.reason() != null) {
                add.param("reason", c.reason());
            }
            String body = mvc.perform(add).andExpect(status().isBadRequest()).andReturn().getResponse()
                    .getContentAsString();
            assertThat(body).as(c.toString()).contains(c.errorId()).doesNotContain(SCRIPT).doesNotContain("Exception");
        }
        mvc.perform(post("/console/contact-policy/add").session(operator).with(csrf()).param("list", "blacklist")
                .param("msisdn", LISTED).param("reasn", "typo")).andExpect(status().isBadRequest());
        for (PolicyListStore.ListKind kind : PolicyListStore.ListKind.values()) {
            assertThat(lists.lookup(kind, LISTED)).isEmpty();
        }
    }

    @Test
    void anImportShowsItsBadLinesWithNumberAndReasonMaskedAndStoresTheGoodOnes() throws Exception {
        MockHttpSession operator = signIn("operator");
        String file = IMPORTED + "|complaint\n1370019000x|bad\n\n" + SCRIPT + "\n";
        String body = mvc.perform(multipart("/console/contact-policy/import")
                        .file(new MockMultipartFile("file", "list.txt", "text/plain", file.getBytes(StandardCharsets.UTF_8)))
                        .param("list", "blacklist").param("charset", "UTF-8").session(operator).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).contains("import-result", "reject-2", "reject-3", "reject-4", "BAD_MSISDN", "EMPTY_LINE")
                .contains(ESCAPED).doesNotContain(SCRIPT);
        assertThat(lists.lookup(PolicyListStore.ListKind.BLACKLIST, IMPORTED)).hasSize(1);
        AuditTrail.Event imported = lastAudit("operator", "contact-policy.import");
        assertThat(imported.after().toString()).contains("\"accepted\":1", "\"rejected\":3").doesNotContain(IMPORTED);

        // no file, an unknown charset: field errors
        String noFile = mvc.perform(multipart("/console/contact-policy/import").param("list", "blacklist")
                        .param("charset", "EBCDIC").session(operator).with(csrf()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(noFile).contains("import-file-error", "import-charset-error");
    }

    @Test
    void aViewerSeesNoActionAndItsForgedActionsAreRefusedAsIsAPostWithoutTokenOrSession() throws Exception {
        lists.blacklist(LISTED, "complaint", "test");
        MockHttpSession viewer = signIn("viewer");
        String page = page(viewer, "/console/contact-policy?msisdn=" + LISTED);
        assertThat(page).contains("137****0002").doesNotContain("remove-blacklist-0").doesNotContain("policy-add")
                .doesNotContain("policy-import");
        mvc.perform(post("/console/contact-policy/remove").session(viewer).with(csrf()).param("list", "blacklist")
                .param("msisdn", LISTED)).andExpect(status().isForbidden()).andExpect(forwardedUrl("/console/denied"));
        mvc.perform(get("/console/contact-policy/remove").session(viewer).param("list", "blacklist")
                .param("msisdn", LISTED)).andExpect(status().isForbidden());
        mvc.perform(post("/console/contact-policy/add").session(viewer).with(csrf()).param("list", "blacklist")
                .param("msisdn", IMPORTED)).andExpect(status().isForbidden());
        assertThat(lastAudit("viewer", "contact-policy.add").outcome()).isEqualTo("403");
        assertThat(lists.lookup(PolicyListStore.ListKind.BLACKLIST, LISTED)).hasSize(1);
        assertThat(lists.lookup(PolicyListStore.ListKind.BLACKLIST, IMPORTED)).isEmpty();

        MockHttpSession operator = signIn("operator");
        // without the CSRF token (the page holds the session's token; the POST leaves it out)
        assertThat(page(operator, "/console/contact-policy?msisdn=" + LISTED)).contains("remove-blacklist-0");
        mvc.perform(post("/console/contact-policy/remove").session(operator).param("list", "blacklist")
                .param("msisdn", LISTED)).andExpect(status().isForbidden());
        // with an expired session
        mvc.perform(post("/console/contact-policy/remove").with(csrf()).param("list", "blacklist").param("msisdn", LISTED)
                .with(r -> {
                    r.setRequestedSessionId("expired-session");
                    r.setRequestedSessionIdValid(false);
                    return r;
                })).andExpect(redirectedUrl("/login?expired"));
        assertThat(lists.lookup(PolicyListStore.ListKind.BLACKLIST, LISTED)).hasSize(1);
    }

    // ---- case library

    @Test
    void casesAreSearchedShownWithTheirEvaluationAndScoredByTheApisRules() throws Exception {
        frozenCase();
        MockHttpSession operator = signIn("operator");
        assertThat(page(operator, "/console/cases?type=PROMOTION&segment=YOUTH&minLift=0.05")).contains("case-" + CASE)
                .contains(ESCAPED).doesNotContain(SCRIPT);
        assertThat(page(operator, "/console/cases?minLift=0.5")).doesNotContain("case-" + CASE);
        assertThat(page(operator, "/console/cases?type=TARIFF")).doesNotContain("case-" + CASE);

        String shown = page(operator, "/console/cases/" + CASE);
        assertThat(shown).contains("funnel-total", "12.00 pp [5.00, 19.00]", "0.0300", "id=\"case-score\"")
                .doesNotContain("id=\"case-assess\"");

        mvc.perform(post("/console/cases/" + CASE + "/score").session(operator).with(csrf()).param("score", "4")
                .param("comment", SCRIPT)).andExpect(redirectedUrl("/console/cases/" + CASE));
        mvc.perform(post("/console/cases/" + CASE + "/score").session(operator).with(csrf()).param("score", "5"))
                .andExpect(redirectedUrl("/console/cases/" + CASE));
        assertThat(jdbc.queryForObject("SELECT score FROM case_score WHERE campaign_id = ? AND scorer = 'operator'",
                Integer.class, CASE)).isEqualTo(5);
        assertThat(lastAudit("operator", "cases.score").target()).isEqualTo(CASE);

        // the owner alone (or an admin) writes the self-assessment
        mvc.perform(post("/console/cases/" + CASE + "/self-assessment").session(operator).with(csrf())
                .param("text", "worked")).andExpect(status().isForbidden());
        MockHttpSession admin = signIn("admin");
        assertThat(page(admin, "/console/cases/" + CASE)).contains("id=\"case-assess\"");
        mvc.perform(post("/console/cases/" + CASE + "/self-assessment").session(admin).with(csrf())
                .param("text", SCRIPT)).andExpect(redirectedUrl("/console/cases/" + CASE));
        assertThat(page(admin, "/console/cases/" + CASE)).contains(ESCAPED).doesNotContain(SCRIPT);

        // a VIEWER looks, no form, and a forged score is refused
        MockHttpSession viewer = signIn("viewer");
        assertThat(page(viewer, "/console/cases/" + CASE)).doesNotContain("case-score\"").doesNotContain("score-submit");
        mvc.perform(post("/console/cases/" + CASE + "/score").session(viewer).with(csrf()).param("score", "1"))
                .andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM case_score WHERE campaign_id = ?", Long.class, CASE))
                .isEqualTo(1);
    }

    @Test
    void theCaseFormsBadInputIsRefusedBesideItsField() throws Exception {
        frozenCase();
        MockHttpSession operator = signIn("operator");
        for (String[] c : new String[][] {{"", null, "score-error"}, {"0", null, "score-error"},
                {"six", null, "score-error"}, {"5", "x".repeat(4001), "comment-error"}, {"5", "ok\u0000", "comment-error"}}) {
            MockHttpServletRequestBuilder score = post("/console/cases/" + CASE + "/score").session(operator).with(csrf())
                    .param("score", c[0]);
            if (c[1] != null) {
                score.param("comment", c[1]);
            }
            assertThat(mvc.perform(score).andExpect(status().isBadRequest()).andReturn().getResponse()
                    .getContentAsString()).as(c[2] + " " + c[0]).contains(c[2]).doesNotContain("Exception");
        }
        mvc.perform(post("/console/cases/" + CASE + "/score").session(operator).with(csrf()).param("score", "3")
                .param("scor", "3")).andExpect(status().isBadRequest());
        mvc.perform(post("/console/cases/NO-SUCH/score").session(operator).with(csrf()).param("score", "3"))
                .andExpect(status().isNotFound());
        // without the CSRF token (the page holds the session's token; the POST leaves it out)
        assertThat(page(operator, "/console/cases/" + CASE)).contains("score-submit");
        mvc.perform(post("/console/cases/" + CASE + "/score").session(operator).param("score", "3"))
                .andExpect(status().isForbidden());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM case_score WHERE campaign_id = ?", Long.class, CASE))
                .isZero();
        MockHttpSession admin = signIn("admin");
        assertThat(mvc.perform(post("/console/cases/" + CASE + "/self-assessment").session(admin).with(csrf())
                .param("text", " ")).andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString())
                .contains("assess-error");
        for (String bad : List.of("type=SPAM", "minLift=lots", "minLift=NaN", "segment=" + "s".repeat(129), "typ=PROMOTION")) {
            mvc.perform(get("/console/cases?" + bad).session(operator)).andExpect(status().isBadRequest());
        }
        mvc.perform(get("/console/cases/NO-SUCH").session(operator)).andExpect(status().isNotFound());
    }

    // ---- a file's rejects

    @Test
    void aFilesRejectedRowsAreShownByReasonAndLineMaskedAndEscaped() throws Exception {
        ConsoleCustomerData.fileWithRejects(files, "CUST_DELTA_20261208_0001.dat", SCRIPT);
        MockHttpSession viewer = signIn("viewer");
        assertThat(page(viewer, "/console/files?feed=" + ConsoleCustomerData.FEED))
                .contains("id=\"rejects-CUST_DELTA_20261208_0001.dat\"");
        String rejects = page(viewer, "/console/files/rejects?feed=" + ConsoleCustomerData.FEED
                + "&file=CUST_DELTA_20261208_0001.dat");
        assertThat(rejects).contains("reason-BAD_MSISDN", "reason-BAD_DATE", "reject-line-2", "reject-line-5",
                "reject-line-9", "137****0009", "REJECT_THRESHOLD").contains(ESCAPED).doesNotContain(SCRIPT)
                .doesNotContain("13700190009");
        assertThat(rejects.indexOf("reject-line-2")).isLessThan(rejects.indexOf("reject-line-5"));

        mvc.perform(get("/console/files/rejects").param("feed", ConsoleCustomerData.FEED).param("file", "NO_SUCH.dat")
                .session(viewer)).andExpect(status().isNotFound());
        for (String[] bad : new String[][] {{"feed", ""}, {"feed", "f".repeat(65)}, {"feed", "a\tb"}}) {
            mvc.perform(get("/console/files/rejects").param(bad[0], bad[1]).param("file", "X.dat").session(viewer))
                    .andExpect(status().isBadRequest());
        }
        mvc.perform(get("/console/files/rejects").param("feed", ConsoleCustomerData.FEED).param("file", "X.dat")
                .param("line", "2").session(viewer)).andExpect(status().isBadRequest());
    }

    // ---- bad input in the console's earlier forms (sign-in, files filter, dead-letter confirmation)

    @Test
    void theEarlierFormsTakeNoEmptyTooLongNulOrScriptInputAsAnythingButAnAnswerSayingSo() throws Exception {
        // sign-in: empty, 10,000 characters, NUL: refused as a wrong password, never a server error
        for (String user : List.of("", "u".repeat(10_000), "view\u0000er")) {
            mvc.perform(formLogin("/login").user(user).password("")).andExpect(redirectedUrl("/login?error"));
        }
        MockHttpSession viewer = signIn("viewer");
        // the files filter: a script is a feed name like any other, shown escaped in the box; NUL is refused naming it
        String scripted = mvc.perform(get("/console/files").param("feed", SCRIPT).session(viewer))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(scripted).contains("value=\"" + ESCAPED + "\"").doesNotContain(SCRIPT);
        assertThat(mvc.perform(get("/console/files").param("feed", "a\u0000b").session(viewer))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString())
                .contains("feed: at most 64 characters, no control characters");
        mvc.perform(get("/console/files").param("date", "").param("feed", "").param("outcome", "").session(viewer))
                .andExpect(status().isOk());
        mvc.perform(get("/console/files").param("page", "two").session(viewer)).andExpect(status().isBadRequest());
        // the dead-letter confirmation: a script as the action or the id is refused, not echoed
        MockHttpSession operator = signIn("operator");
        for (String[] bad : new String[][] {{"/console/dead-letters/1", SCRIPT}, {"/console/dead-letters/" + "9".repeat(30), "replay"}}) {
            String answer = mvc.perform(get(bad[0]).param("action", bad[1]).session(operator))
                    .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
            assertThat(answer).doesNotContain(SCRIPT).doesNotContain("Exception");
        }
        // the contact policy's look-up box: a bad number is a field error, the page still answers
        assertThat(mvc.perform(get("/console/contact-policy").param("msisdn", SCRIPT).session(viewer))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString())
                .contains("lookup-error").doesNotContain(SCRIPT);
    }

    // ---- helpers

    private void customerWithHistory() {
        ConsoleCustomerData.customerWithHistory(jdbc, lists, CUSTOMER, CAMPAIGN, SCRIPT + " 5G upgrade");
    }

    private void frozenCase() {
        ConsoleCustomerData.frozenCase(jdbc, CASE, SCRIPT);
    }

    private MockHttpSession signIn(String user) throws Exception {
        MvcResult result = mvc.perform(formLogin("/login").user(user).password(user + "-pw"))
                .andExpect(redirectedUrl("/")).andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private String page(MockHttpSession session, String path) throws Exception {
        return mvc.perform(get(path).session(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    private AuditTrail.Event lastAudit(String actor, String action) {
        List<AuditTrail.Event> events = audit.find(new AuditTrail.Query(actor, action, null, null, null, null, 1)).items();
        assertThat(events).as(actor + " " + action).isNotEmpty();
        return events.get(0);
    }
}

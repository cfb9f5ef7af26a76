package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.TestBeans;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.deadletter.DeadLetterStore;
import com.carrier.hub.runtime.files.JdbcFileLedger;

/**
 * The console's rules without a browser: sign-in with the hub's accounts (wrong passwords refused and throttled), the
 * roles enforced on the server, the CSRF token required, everything a page shows from data escaped and its mobile
 * numbers masked, the language switch, the actions audited, and the API's own authentication untouched.
 */
class ConsoleIT extends HubIT {

    static final String ROUTE = "test-orders-to-flaky";
    static final String SCRIPT = "<script>alert(1)</script>";
    /** The feed of the file records this test writes (and removes). */
    static final String FEED = "console-test-feed";

    @Autowired
    WebApplicationContext context;
    @Autowired
    DeadLetterStore letters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    AuditTrail audit;
    @Autowired
    TestBeans.Flaky flaky;
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
        flaky.reset();
        jdbc.update("DELETE FROM dead_letter");
        jdbc.update("DELETE FROM file_record WHERE feed = ?", FEED);
    }

    @Test
    void aPageWithoutASessionSendsToTheSignInAndAnUnknownSessionSaysItExpired() throws Exception {
        mvc.perform(get("/")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("http://localhost/login"));
        mvc.perform(get("/console/routes").with(r -> {
            r.setRequestedSessionId("no-such-session");
            r.setRequestedSessionIdValid(false);
            return r;
        })).andExpect(redirectedUrl("/login?expired"));
        String login = mvc.perform(get("/login").param("expired", "")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(login).contains("会话已过期").contains("name=\"_csrf\"");
    }

    @Test
    void theHubsAccountsSignInAndAWrongPasswordIsRefusedThenThrottled() throws Exception {
        signIn("viewer");
        mvc.perform(formLogin("/login").user("operator").password("wrong")).andExpect(redirectedUrl("/login?error"));
        // an account nobody else uses: free failures, then it must wait (LoginThrottle, as at the API)
        for (int i = 0; i < 3; i++) {
            mvc.perform(formLogin("/login").user("console-guesser").password("guess-" + i))
                    .andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(formLogin("/login").user("console-guesser").password("guess-3")).andExpect(redirectedUrl("/login?error"));
        MvcResult locked = mvc.perform(formLogin("/login").user("console-guesser").password("guess-4"))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(locked.getResponse().getRedirectedUrl()).startsWith("/login?locked=");
        // a successful sign-in clears the address's count, so the other tests' logins are not slowed down
        signIn("viewer");
    }

    @Test
    void aViewerSeesNoActionAndAForgedReplayWithAValidTokenIsRefusedAndAudited() throws Exception {
        long id = letter("payload-v", "order V-1 is not valid");
        MockHttpSession viewer = signIn("viewer");
        String page = page(viewer, "/console/routes");
        assertThat(page).contains("letter-" + id).doesNotContain("replay-" + id).doesNotContain("delete-" + id);

        // answered by the console's page saying so (ConsoleBrowserIT sees it rendered)
        mvc.perform(post("/console/dead-letters/" + id + "/replay").session(viewer).with(csrf()))
                .andExpect(status().isForbidden()).andExpect(forwardedUrl("/console/denied"));
        mvc.perform(get("/console/dead-letters/" + id).param("action", "replay").session(viewer))
                .andExpect(status().isForbidden());
        String denied = mvc.perform(get("/console/denied").session(viewer)
                .requestAttr(WebAttributes.ACCESS_DENIED_403, new AccessDeniedException("Access Denied")))
                .andReturn().getResponse().getContentAsString();
        assertThat(denied).contains("您账号的角色不允许此操作").doesNotContain("Access Denied").doesNotContain("Exception");
        assertThat(letters.find(id)).isPresent();
        AuditTrail.Event event = lastAudit("viewer");
        assertThat(event.action()).isEqualTo("dead-letters.replay");
        assertThat(event.target()).isEqualTo(Long.toString(id));
        assertThat(event.outcome()).isEqualTo("403");
    }

    @Test
    void anOperatorsPostWithoutTheCsrfTokenIsRefused() throws Exception {
        long id = letter("payload-c", "order C-1 is not valid");
        MockHttpSession operator = signIn("operator");
        // the page holds the session's token; the POST leaves it out
        assertThat(page(operator, "/console/routes")).contains("delete-" + id);
        mvc.perform(post("/console/dead-letters/" + id + "/delete").session(operator))
                .andExpect(status().isForbidden()).andExpect(forwardedUrl("/console/denied"));
        mvc.perform(post("/console/dead-letters/" + id + "/delete").session(operator).param("_csrf", "forged"))
                .andExpect(status().isForbidden());
        assertThat(letters.find(id)).isPresent();
    }

    @Test
    void anOperatorReplaysAndDeletesAfterConfirmingAndBothAreAudited() throws Exception {
        long replayed = letter("payload-r", "order R-1 is not valid");
        long deleted = letter("payload-d", "order D-1 is not valid");
        MockHttpSession operator = signIn("operator");
        assertThat(page(operator, "/console/routes")).contains("replay-" + replayed, "delete-" + deleted);
        String confirm = page(operator, "/console/dead-letters/" + replayed + "?action=replay");
        assertThat(confirm).contains("重放死信 " + replayed, "payload-r", "name=\"_csrf\"");

        MvcResult done = mvc.perform(post("/console/dead-letters/" + replayed + "/replay").session(operator).with(csrf()))
                .andExpect(redirectedUrl("/console/routes")).andReturn();
        assertThat(flaky.processed.get()).isEqualTo(1);
        assertThat(letters.find(replayed)).isEmpty();
        String after = mvc.perform(get("/console/routes").session(operator).flashAttrs(done.getFlashMap()))
                .andReturn().getResponse().getContentAsString();
        assertThat(after).contains("死信 " + replayed + " 已重放并移除");
        AuditTrail.Event replay = lastAudit("operator");
        assertThat(replay.action()).isEqualTo("dead-letters.replay");
        assertThat(replay.outcome()).isEqualTo("302");
        assertThat(replay.after().get("state").asText()).isEqualTo("REPLAYED");

        mvc.perform(post("/console/dead-letters/" + deleted + "/delete").session(operator).with(csrf()))
                .andExpect(redirectedUrl("/console/routes"));
        assertThat(letters.find(deleted)).isEmpty();
        AuditTrail.Event delete = lastAudit("operator");
        assertThat(delete.action()).isEqualTo("dead-letters.delete");
        assertThat(delete.target()).isEqualTo(Long.toString(deleted));
        assertThat(delete.after().get("state").asText()).isEqualTo("DELETED");
    }

    @Test
    void aDeadLettersScriptIsShownEscapedAndItsMobileNumberMasked() throws Exception {
        long id = letter(SCRIPT + " for 13812345678", SCRIPT + " in the reason");
        MockHttpSession operator = signIn("operator");
        for (String path : List.of("/console/routes", "/console/dead-letters/" + id + "?action=delete")) {
            String page = page(operator, path);
            assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt; for 138****5678")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt; in the reason")
                    .doesNotContain(SCRIPT).doesNotContain("13812345678");
        }
    }

    @Test
    void aBadRequestIsAnsweredWithAConsolePageNamingWhatWasWrong() throws Exception {
        MockHttpSession operator = signIn("operator");
        String missing = mvc.perform(get("/console/dead-letters/999999").param("action", "replay").session(operator))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        assertThat(missing).contains("请求失败（404）", "no dead letter 999999").doesNotContain("Exception");
        assertThat(mvc.perform(get("/console/dead-letters/1").param("action", "drop").session(operator))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString())
                .contains("action must be replay or delete");
        assertThat(mvc.perform(get("/console/dead-letters/x1").param("action", "replay").session(operator))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString())
                .contains("id: not a valid value").doesNotContain("java.lang");
    }

    @Test
    void theFilesPageListsTheLedgerByDayFeedAndOutcomeWithQuarantineReasonsAndRefusesABadFilter() throws Exception {
        Instant now = Instant.now();
        files.record(new FileResult(FEED, "CUST_DELTA_20261207_0001.dat", Outcome.ACCEPTED, null, null, 100, 98, 2, 4096,
                "md5-1", now.minusSeconds(2), now));
        files.record(new FileResult(FEED, "CUST_DELTA_20261207_0002.dat", Outcome.QUARANTINED, "COUNT_MISMATCH",
                SCRIPT + " control file says 1000 rows; line 7 holds 13812345678", 0, 0, 0, 10, "md5-2", now, now));
        MockHttpSession viewer = signIn("viewer");

        String all = page(viewer, "/console/files?feed=" + FEED + "&date=" + LocalDate.now(HubTime.ZONE));
        assertThat(all).contains("CUST_DELTA_20261207_0001.dat", "CUST_DELTA_20261207_0002.dat", "共 2 个文件");
        String quarantined = page(viewer, "/console/files?feed=" + FEED + "&outcome=QUARANTINED");
        assertThat(quarantined).contains("CUST_DELTA_20261207_0002.dat", "COUNT_MISMATCH",
                        "&lt;script&gt;alert(1)&lt;/script&gt; control file says 1000 rows; line 7 holds 138****5678")
                .doesNotContain("CUST_DELTA_20261207_0001.dat").doesNotContain(SCRIPT).doesNotContain("13812345678");
        assertThat(page(viewer, "/console/files?feed=" + FEED + "&date=2000-01-01")).contains("共 0 个文件");

        for (String[] bad : new String[][] {{"date=2026-13-01", "date: not a day as yyyy-MM-dd"},
                {"outcom=ACCEPTED", "outcom: not a filter of this page"}, {"outcome=LOST", "outcome: one of [ACCEPTED"},
                {"page=-1", "page: a whole number"}, {"feed=" + "f".repeat(65), "feed: at most 64 characters"}}) {
            String answer = mvc.perform(get("/console/files?" + bad[0]).session(viewer)).andExpect(status().isBadRequest())
                    .andReturn().getResponse().getContentAsString();
            assertThat(answer).as(bad[0]).contains(bad[1]).doesNotContain("Exception");
        }
    }

    @Test
    void theOverviewShowsConnectorHealthWithItsReasonAndTheDeadLettersWaiting() throws Exception {
        letter("payload-o", "order O-1 is not valid");
        String page = page(signIn("viewer"), "/");
        // the test connector's peer is unreachable: DOWN with the probe's reason
        assertThat(page).contains("connector-acme", "DOWN", "总览", "待处理死信", "今日文件", "进行中的营销活动");
        assertThat(page).containsPattern("id=\"tile-dead-letters\"[^>]*>\\s*<span class=\"figure\">1</span>");
    }

    @Test
    void theLanguageIsZhCnByDefaultAndTheSwitchToEnglishIsKeptInACookie() throws Exception {
        MockHttpSession viewer = signIn("viewer");
        assertThat(page(viewer, "/")).contains("<html lang=\"zh-CN\"", "总览");
        MvcResult english = mvc.perform(get("/").param("lang", "en").session(viewer)).andExpect(status().isOk()).andReturn();
        Cookie language = english.getResponse().getCookie("HUB_CONSOLE_LANG");
        assertThat(language).isNotNull();
        assertThat(english.getResponse().getContentAsString()).contains("<html lang=\"en\"", "Overview", "dead letters waiting");
        String routes = mvc.perform(get("/console/routes").session(viewer).cookie(language)).andReturn().getResponse()
                .getContentAsString();
        assertThat(routes).contains("Routes and dead letters").doesNotContain("路由与死信");
        // a language the console does not speak goes back to the default
        assertThat(mvc.perform(get("/").param("lang", "fr").session(viewer).cookie(language)).andReturn().getResponse()
                .getContentAsString()).contains("<html lang=\"zh-CN\"");
    }

    @Test
    void theApiKeepsItsBasicAuthenticationAndIgnoresTheConsolesSession() throws Exception {
        MockHttpSession admin = signIn("admin");
        mvc.perform(get("/api/routes").session(admin)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/routes").header(HttpHeaders.AUTHORIZATION, "Basic " + java.util.Base64.getEncoder()
                .encodeToString("viewer:viewer-pw".getBytes()))).andExpect(status().isOk());
        // the console's pages do not take Basic credentials: a browser signs in through the form
        mvc.perform(get("/console/routes").header(HttpHeaders.AUTHORIZATION, "Basic " + java.util.Base64.getEncoder()
                .encodeToString("viewer:viewer-pw".getBytes()))).andExpect(status().is3xxRedirection());
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

    private long letter(String body, String reason) {
        letters.storeRefused(ROUTE, "direct://orders", reason, body);
        return jdbc.queryForObject("SELECT max(id) FROM dead_letter", Long.class);
    }

    private AuditTrail.Event lastAudit(String actor) {
        List<AuditTrail.Event> events = audit.find(new AuditTrail.Query(actor, "dead-letters.", null, null, null, null, 1))
                .items();
        assertThat(events).isNotEmpty();
        return events.get(0);
    }
}

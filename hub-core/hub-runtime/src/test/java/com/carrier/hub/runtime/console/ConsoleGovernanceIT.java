package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;

/**
 * Governance, preview and touchpoint load in the console, with approval on (one approval in the campaign's own unit):
 * the submit, approve and reject buttons shown by what the service allows (role, author, unit), a forged approve
 * refused with the service's reason (403 page, no trace), a rejection's missing reason beside its field; the preview's
 * funnel chart and rendered messages escaped and nothing written, its bad inputs named beside their fields; schedule's
 * overbooking warning and the touchpoints page marking the overbooked day; the global control group on the overview.
 */
@TestPropertySource(properties = {
        "hub.governance.approval.enabled=true",
        "hub.security.users.mh-op.password=mh-op-pw",
        "hub.security.users.mh-op.roles=OPERATOR",
        "hub.security.users.mh-op.unit=MH",
        "hub.security.users.mh-op2.password=mh-op2-pw",
        "hub.security.users.mh-op2.roles=OPERATOR",
        "hub.security.users.mh-op2.unit=MH",
        "hub.security.users.mh-viewer.password=mh-viewer-pw",
        "hub.security.users.mh-viewer.roles=VIEWER",
        "hub.security.users.mh-viewer.unit=MH",
        "hub.security.users.xm-op.password=xm-op-pw",
        "hub.security.users.xm-op.roles=OPERATOR",
        "hub.security.users.xm-op.unit=XM",
})
class ConsoleGovernanceIT extends HubIT {

    static final String SCRIPT = "<script>alert(1)</script>";

    @Autowired
    WebApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CampaignService campaigns;
    @Autowired
    ChannelPreferences preferences;
    @Autowired
    com.carrier.hub.runtime.campaign.GlobalHoldoutProperties holdout;

    MockMvc mvc;
    MockHttpSession author;

    private final String prefix = "137" + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000));

    @BeforeEach
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        author = signIn("mh-op");
    }

    @Test
    void approvalButtonsFollowRoleAuthorAndUnitAndAForgedApproveIsRefusedWithTheServicesReason() throws Exception {
        String id = created("SMS", LocalDate.now(HubTime.ZONE).plusDays(3));
        Document draft = page(author, id);
        assertThat(draft.getElementById("campaign-unit").text()).isEqualTo("MH");
        assertThat(draft.getElementById("campaign-number").text()).as("the unit's campaign number").matches("\\S+-\\d+");
        assertThat(draft.getElementById("action-submit")).isNotNull();
        assertThat(draft.getElementById("action-approve")).as("nothing to approve in a DRAFT").isNull();

        mvc.perform(post("/console/campaigns/" + id + "/submit").param("comment", "请审批").session(author).with(csrf()))
                .andExpect(redirectedUrl("/console/campaigns/" + id));
        assertThat(campaigns.get(id, "mh-op").status()).isEqualTo(CampaignStatus.SUBMITTED);

        Document byAuthor = page(author, id);
        assertThat(byAuthor.getElementById("campaign-status").text()).isNotBlank();
        assertThat(byAuthor.getElementById("approval-pending").text()).contains("MH");
        assertThat(byAuthor.getElementById("action-approve")).as("the author may not approve").isNull();
        assertThat(byAuthor.getElementById("action-reject")).isNull();
        assertThat(byAuthor.select("#approval-history tbody tr").text()).contains("SUBMITTED", "mh-op", "请审批");

        MockHttpSession viewer = signIn("mh-viewer");
        Document byViewer = page(viewer, id);
        assertThat(byViewer.getElementById("action-approve")).isNull();
        assertThat(byViewer.getElementById("action-submit")).isNull();

        MockHttpSession approver = signIn("mh-op2");
        Document byApprover = page(approver, id);
        assertThat(byApprover.getElementById("action-approve")).isNotNull();
        assertThat(byApprover.getElementById("action-reject")).isNotNull();

        // forged: the author's approve is the service's 403 with its reason, as a console page
        String forged = mvc.perform(post("/console/campaigns/" + id + "/approve").session(author).with(csrf()))
                .andExpect(status().isForbidden()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(forged).contains("created campaign " + id + " and cannot approve it")
                .doesNotContain("Exception", "at com.", "SELECT");
        // another unit does not see the campaign at all
        mvc.perform(post("/console/campaigns/" + id + "/approve").session(signIn("xm-op")).with(csrf()))
                .andExpect(status().isNotFound());
        // a VIEWER's forged approve stops at the role
        mvc.perform(post("/console/campaigns/" + id + "/approve").session(viewer).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(campaigns.get(id, "mh-op").status()).isEqualTo(CampaignStatus.SUBMITTED);

        // a rejection without a reason: 400, beside the reason; an unknown field named
        Document noReason = html(mvc.perform(post("/console/campaigns/" + id + "/reject").param("reason", " ")
                .session(approver).with(csrf())).andExpect(status().isBadRequest()));
        assertThat(noReason.select("#gov-errors-reason li").eachText()).singleElement().asString().isNotBlank();
        Document unknown = html(mvc.perform(post("/console/campaigns/" + id + "/approve").param("step", "OWNER")
                .session(approver).with(csrf())).andExpect(status().isBadRequest()));
        assertThat(unknown.select("#gov-errors-form li").eachText()).containsExactly("unknown field 'step'");

        mvc.perform(post("/console/campaigns/" + id + "/approve").param("comment", "同意").session(approver).with(csrf()))
                .andExpect(redirectedUrl("/console/campaigns/" + id));
        assertThat(campaigns.get(id, "mh-op").status()).isEqualTo(CampaignStatus.APPROVED);
        assertThat(page(approver, id).select("#approval-history tbody tr").text()).contains("APPROVED", "mh-op2", "同意");
        // the list shows and filters the new statuses
        Document list = Jsoup.parse(body(author, "/console/campaigns?status=APPROVED&q=" + id));
        assertThat(list.getElementById("campaign-" + id)).isNotNull();
        assertThat(list.select("select[name=status] option[value=SUBMITTED]")).hasSize(1);
    }

    @Test
    void aPreviewDrawsTheFunnelShowsEscapedMessagesAndWritesNothing() throws Exception {
        String id = created("SMS", LocalDate.now(HubTime.ZONE).plusDays(3));
        for (int i = 1; i <= 4; i++) {
            customer(m(i), i == 2 ? SCRIPT : "客户" + i);
        }
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            list.append(m(i)).append("|S1||||\n");
        }
        list.append("12345|S1||||\n");
        ResultActions done = mvc.perform(multipart("/console/campaigns/" + id + "/preview").file(file(list.toString()))
                .param("charset", "UTF-8").session(author).with(csrf())).andExpect(status().isOk());
        String body = done.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain(m(2));
        Document page = Jsoup.parse(body);
        assertThat(page.select("svg#chart-preview-funnel text.label").eachText()).contains("BAD_MSISDN", "TREATMENT");
        assertThat(page.select("svg#chart-preview-funnel rect.bar")).isNotEmpty();
        assertThat(page.select("#preview-load-SMS table tbody tr")).isNotEmpty();
        assertThat(page.select("#preview-samples .sample-text").eachText()).anyMatch(t -> t.contains(SCRIPT));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?", Long.class, id))
                .as("a preview writes no contact").isZero();
        assertThat(page.select("script")).as("no script but the console's own").allMatch(s -> s.hasAttr("src"));

        // a sample of 1 row
        Document sampled = html(mvc.perform(multipart("/console/campaigns/" + id + "/preview").file(file(list.toString()))
                .param("charset", "UTF-8").param("sample", "1").session(author).with(csrf())).andExpect(status().isOk()));
        assertThat(sampled.getElementById("preview-sampled")).isNotNull();
    }

    @Test
    void aPreviewsBadInputsAreNamedBesideTheirFields() throws Exception {
        String id = created("SMS", LocalDate.now(HubTime.ZONE).plusDays(3));
        Document empty = html(mvc.perform(multipart("/console/campaigns/" + id + "/preview").file(file(""))
                .param("charset", "UTF-8").session(author).with(csrf())).andExpect(status().isBadRequest()));
        assertThat(empty.select("#preview-errors-file li").text()).startsWith("is required and must not be empty");
        for (String sample : List.of("0", "-3", "abc", "1\u0000")) {
            Document bad = html(mvc.perform(multipart("/console/campaigns/" + id + "/preview").file(file(m(1) + "|S1||||\n"))
                    .param("charset", "UTF-8").param("sample", sample).session(author).with(csrf()))
                    .andExpect(status().isBadRequest()));
            assertThat(bad.select("#preview-errors-sample li").text()).as(sample)
                    .startsWith("must be a whole number of at least 1");
            assertThat(bad.getElementById("preview-result")).isNull();
        }
        Document noGroup = html(mvc.perform(post("/console/campaigns/" + id + "/preview:group").param("groupId", "")
                .session(author).with(csrf())).andExpect(status().isBadRequest()));
        assertThat(noGroup.select("#preview-errors-groupId li").text()).startsWith("is required");
        Document badQuery = html(mvc.perform(post("/console/campaigns/" + id + "/preview:query").param("arpuMinFen", "x")
                .session(author).with(csrf())).andExpect(status().isBadRequest()));
        assertThat(badQuery.select("#target-errors-arpuMinFen li").text()).contains("whole number");
    }

    @Test
    void schedulingAnOverbookingCampaignWarnsAndTheTouchpointsPageMarksTheDay() throws Exception {
        LocalDate startDay = LocalDate.now(HubTime.ZONE).plusDays(4);
        String id = created("SMS", startDay);
        for (int i = 20; i < 24; i++) {
            customer(m(i), "客户");
        }
        StringBuilder list = new StringBuilder();
        for (int i = 20; i < 24; i++) {
            list.append(m(i)).append("|S1||||\n");
        }
        MvcResult taken = mvc.perform(multipart("/console/campaigns/" + id + "/targets").file(file(list.toString()))
                .param("listId", "L1").param("charset", "UTF-8").session(author).with(csrf()))
                .andExpect(redirectedUrl("/console/campaigns/" + id)).andReturn();
        assertThat(((CampaignsPage.TargetResult) taken.getFlashMap().get("targetResult")).byOutcome())
                .as("every customer treated or in the control group").containsKey("TREATMENT");
        page(author, id); // the redirect followed, as a browser does (its message shown once)
        mvc.perform(post("/console/campaigns/" + id + "/submit").session(author).with(csrf()))
                .andExpect(redirectedUrl("/console/campaigns/" + id));
        page(author, id);
        mvc.perform(post("/console/campaigns/" + id + "/approve").session(signIn("mh-op2")).with(csrf()))
                .andExpect(redirectedUrl("/console/campaigns/" + id));

        Long capacity = preferences.getDailyCapacity().get("SMS");
        preferences.getDailyCapacity().put("SMS", 1L);
        try {
            MvcResult scheduled = mvc.perform(post("/console/campaigns/" + id + "/schedule").session(author).with(csrf()))
                    .andExpect(redirectedUrl("/console/campaigns/" + id)).andReturn();
            Document after = html(mvc.perform(get("/console/campaigns/" + id).session(author)
                    .flashAttrs(scheduled.getFlashMap())).andExpect(status().isOk()));
            assertThat(after.select("#acted").text()).isNotBlank();
            assertThat(after.select("#warnings li").text()).contains("SMS " + startDay, "capacity of 1");

            Document touchpoints = Jsoup.parse(body(signIn("mh-viewer"), "/console/touchpoints"));
            assertThat(touchpoints.getElementById("overbooked-SMS")).isNotNull();
            assertThat(touchpoints.select("#touchpoint-SMS tr.full[data-day=" + startDay + "]")).hasSize(1);
            assertThat(touchpoints.select("#touchpoint-SMS tbody tr")).hasSize(TouchpointsPage.DAYS);
        } finally {
            if (capacity == null) {
                preferences.getDailyCapacity().remove("SMS");
            } else {
                preferences.getDailyCapacity().put("SMS", capacity);
            }
        }
        // the overview shows the global control group's state (set for this check only: it would hold customers out of
        // the other tests' campaigns)
        holdout.setPercent(2.5);
        try {
            Document overview = Jsoup.parse(body(author, "/"));
            assertThat(overview.getElementById("holdout-state").text()).contains("2.5");
        } finally {
            holdout.setPercent(0);
        }
    }

    private String created(String channel, LocalDate start) throws Exception {
        String id = "GV-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("id", id);
        form.put("name", SCRIPT + " 升级 " + id);
        form.put("type", "TARIFF");
        form.put("productId", "P5G");
        form.put("channels", channel);
        form.put("templates.SMS.text", "尊敬的${name}，回复Y办理");
        form.put("sourceAddress", "10658001");
        form.put("start", start + "T10:00");
        form.put("end", start.plusDays(30) + "T10:00");
        MockHttpServletRequestBuilder request = post("/console/campaigns").session(author).with(csrf());
        form.forEach(request::param);
        mvc.perform(request).andExpect(redirectedUrl("/console/campaigns/" + id));
        return id;
    }

    private String m(int n) {
        return prefix + String.format("%04d", n);
    }

    private void customer(String msisdn, String name) {
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,"
                + " customer_class, arpu_3m_fen, update_time) VALUES (?, ?, ?, 'GOTONE', '591', 'P100', 1, NULL, 5, 100, now())",
                msisdn, "C" + msisdn, name);
    }

    private static MockMultipartFile file(String content) {
        return new MockMultipartFile("file", "TGT.dat", "text/plain", content.getBytes(StandardCharsets.UTF_8));
    }

    private static Document html(ResultActions result) throws Exception {
        return Jsoup.parse(result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private Document page(MockHttpSession session, String id) throws Exception {
        return Jsoup.parse(body(session, "/console/campaigns/" + id));
    }

    private String body(MockHttpSession session, String path) throws Exception {
        return mvc.perform(get(path).session(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private MockHttpSession signIn(String user) throws Exception {
        MvcResult result = mvc.perform(formLogin("/login").user(user).password(user + "-pw"))
                .andExpect(redirectedUrl("/")).andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }
}

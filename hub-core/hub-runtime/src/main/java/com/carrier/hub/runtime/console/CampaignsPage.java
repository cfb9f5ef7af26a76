package com.carrier.hub.runtime.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignPreview;
import com.carrier.hub.runtime.campaign.CampaignProgress;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.CampaignValidator;
import com.carrier.hub.runtime.campaign.CampaignsController;
import com.carrier.hub.runtime.campaign.CustomerGroups;
import com.carrier.hub.runtime.campaign.CustomerQuery;
import com.carrier.hub.runtime.campaign.ListDecisionGate;
import com.carrier.hub.runtime.campaign.TargetListService;
import com.carrier.hub.runtime.campaign.TargetUpload;
import com.carrier.hub.runtime.governance.ApprovalChains;
import com.carrier.hub.runtime.touchpoints.TouchpointPlan;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Campaigns ({@code /console/campaigns}): the list with search by id or name, status and type; a campaign's page with
 * its definition, its progress updated live ({@code /console/js/progress.js} polls {@code …/progress}; the numbers are
 * also server-rendered), its lifecycle buttons and its target forms (upload, saved group, structured query with a
 * count); the create and edit form. Everything goes through what the admin API uses — {@link CampaignService} and its
 * {@link CampaignValidator} (the API's per-field errors beside each input), {@link TargetListService} through the
 * {@link ListDecisionGate}, {@link TargetUpload} — and is audited under the API's action names ({@code campaigns.create},
 * {@code campaigns.patch}, {@code campaigns.start} …, {@code campaigns.targets}, {@code campaigns.targets-by-group},
 * {@code campaigns.targets-by-query}). Writes need OPERATOR ({@code ConsoleSecurity}).
 *
 * <p>Governance: the campaign's number, unit, approval chain, pending step and history; submit, approve and reject call
 * {@link CampaignService#submit}, {@link CampaignService#approve}, {@link CampaignService#reject} as the API does, their
 * buttons shown by {@link CampaignService#mayDecide} (the service's refusal on a forged one). Schedule and start show
 * {@link TouchpointPlan#overbookingBy}'s warnings. The preview runs {@link CampaignPreview} through the same
 * {@link ListDecisionGate} as the API's and writes nothing.
 */
@Controller
public class CampaignsPage {

    /** The list's path. */
    static final String PATH = "/console/campaigns";
    private static final Set<String> LIST_PARAMETERS = Set.of("q", "status", "type", "page", ConsoleLocale.PARAMETER);
    private static final Set<String> QUERY_FIELDS = Set.of("listId", "brands", "cities", "customerClasses", "plans",
            "statuses", "handsetModels", "arpuMinFen", "arpuMaxFen", "holdsProducts", "lacksProducts", "all");
    /** Charsets an upload may be in (PEERS: GBK by default at the peers, UTF-8 must also work). */
    static final List<String> CHARSETS = List.of("UTF-8", "GBK");

    /** A campaign as the list shows it. */
    public record Row(String id, String name, String type, String status, String start, String end) {
        static Row of(Campaign c) {
            CampaignDefinition d = c.definition();
            return new Row(c.id(), d.name(), d.type(), c.status().name(),
                    d.start() == null ? null : RoutesPage.TIME.format(d.start()),
                    d.end() == null ? null : RoutesPage.TIME.format(d.end()));
        }
    }

    /** The list's filters as given. */
    public record Filters(String q, String status, String type) {
    }

    /** A touchpoint as the form offers it: its id and template fields. */
    public record Channel(String id, String description, List<Field> fields) {
    }

    /** A template field of the form: input name, label, whether a list (comma-separated) and its longest value. */
    public record Field(String input, String name, String description, boolean required, boolean list, int maxLength) {
    }

    /**
     * Progress as the page and its live update show it: counts by stage, exclusions by code (mobile numbers have no
     * place here), the rate of the last five minutes and the time left at it.
     */
    public record ProgressView(long targeted, long deciding, long excluded, long control, long pending,
                               long outcomeUnknown, long contacted, long failed, boolean reconciled,
                               Map<String, Long> excludedByCode, String rate, String eta, String computedAt) {
        static ProgressView of(ConsoleFigures.Figures<CampaignProgress.Progress> f) {
            CampaignProgress.Progress p = f.value();
            return new ProgressView(p.targeted(), p.deciding(), p.excluded(), p.control(), p.pending(),
                    p.outcomeUnknown(), p.contacted(), p.failed(), p.reconciled(), new TreeMap<>(p.excludedByCode()),
                    String.format(java.util.Locale.ROOT, "%.1f/s", p.ratePerSecond()), OverviewPage.eta(p.eta()),
                    RoutesPage.TIME.format(f.computedAt()));
        }

        /** A count by the name the page and the script use for it ({@code targeted}, {@code contacted} …). */
        public long stage(String key) {
            return switch (key) {
                case "targeted" -> targeted;
                case "deciding" -> deciding;
                case "excluded" -> excluded;
                case "control" -> control;
                case "pending" -> pending;
                case "outcomeUnknown" -> outcomeUnknown;
                case "contacted" -> contacted;
                case "failed" -> failed;
                default -> throw new IllegalArgumentException("no stage " + key);
            };
        }
    }

    /** What a target selection did, shown on the campaign page after it. */
    public record TargetResult(String listId, long rows, Map<String, Long> byOutcome) {
    }

    private final CampaignService campaigns;
    private final TouchpointRegistry touchpoints;
    private final TargetListService lists;
    private final ListDecisionGate gate;
    private final CustomerGroups groups;
    private final ConsoleFigures figures;
    private final ConsoleProperties properties;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final CampaignValidator validator;
    private final ApprovalChains chains;
    private final CampaignPreview previews;
    private final TouchpointPlan plan;

    public CampaignsPage(CampaignService campaigns, CampaignValidator validator, TouchpointRegistry touchpoints,
                         TargetListService lists,
                         ListDecisionGate gate, CustomerGroups groups, ConsoleFigures figures,
                         ConsoleProperties properties, AuditTrail audit, ObjectMapper json, ApprovalChains chains,
                         CampaignPreview previews, TouchpointPlan plan) {
        this.chains = chains;
        this.previews = previews;
        this.plan = plan;
        this.campaigns = campaigns;
        this.validator = validator;
        this.touchpoints = touchpoints;
        this.lists = lists;
        this.gate = gate;
        this.groups = groups;
        this.figures = figures;
        this.properties = properties;
        this.audit = audit;
        this.json = json;
    }

    @GetMapping(PATH)
    public String list(HttpServletRequest request, Model model) {
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(request.getParameterMap().keySet())) {
            if (!LIST_PARAMETERS.contains(name)) {
                problems.add(CampaignForm.shorten(name) + ": not a filter of this page; filters: q, status, type, page");
            }
        }
        String q = blankToNull(request.getParameter("q"));
        if (q != null && (q.length() > 100 || q.chars().anyMatch(Character::isISOControl))) {
            problems.add("q: at most 100 characters, no control characters");
        }
        CampaignStatus status = null;
        String statusText = blankToNull(request.getParameter("status"));
        if (statusText != null) {
            try {
                status = CampaignStatus.valueOf(statusText);
            } catch (IllegalArgumentException e) {
                problems.add("status: one of " + Arrays.toString(CampaignStatus.values()) + ", was '"
                        + CampaignForm.shorten(statusText) + "'");
            }
        }
        String type = blankToNull(request.getParameter("type"));
        if (type != null && Arrays.stream(CampaignDefinition.Type.values()).noneMatch(t -> t.name().equals(type))) {
            problems.add("type: one of " + Arrays.toString(CampaignDefinition.Type.values()) + ", was '"
                    + CampaignForm.shorten(type) + "'");
        }
        int page = 0;
        String pageText = blankToNull(request.getParameter("page"));
        if (pageText != null) {
            try {
                page = Integer.parseInt(pageText);
            } catch (NumberFormatException e) {
                page = -1;
            }
            if (page < 0 || page > 100_000) {
                problems.add("page: a whole number from 0 to 100000, was '" + CampaignForm.shorten(pageText) + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, String.join("; ", problems));
        }
        int size = properties.getCampaignsShown();
        long total = campaigns.count(q, status, type);
        model.addAttribute("campaigns", campaigns.search(q, status, type, page * size, size).stream().map(Row::of).toList());
        model.addAttribute("total", total);
        model.addAttribute("page", page);
        model.addAttribute("hasNext", (long) (page + 1) * size < total);
        model.addAttribute("filters", new Filters(q, statusText, type));
        model.addAttribute("statuses", CampaignStatus.values());
        model.addAttribute("types", CampaignDefinition.Type.values());
        return "console/campaigns";
    }

    @GetMapping(PATH + "/new")
    public String createForm(Model model) {
        return form(CampaignForm.blank(), null, model);
    }

    @PostMapping(PATH)
    @AuditAction("campaigns.create")
    public String create(HttpServletRequest request, HttpServletResponse response, Principal who, Model model) {
        CampaignForm form = CampaignForm.read(request.getParameterMap(), touchpoints.all(), null);
        CampaignDefinition definition = form.definition(touchpoints.all());
        if (!form.hasErrors()) {
            try {
                Campaign created = campaigns.create(definition, who.getName());
                return "redirect:" + PATH + "/" + created.id();
            } catch (InvalidRequest invalid) {
                form.errors(invalid.errors());
            } catch (ResponseStatusException refused) {
                form.formError(refused.getReason());
            }
        } else {
            // what could be read is checked too, so every problem is shown at once
            form.errors(validator.validate(definition).stream().filter(e -> !form.errors.containsKey(CampaignForm.inputOf(e.property()))).toList());
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return form(form, null, model);
    }

    @GetMapping(PATH + "/{id}/edit")
    public String editForm(@PathVariable String id, Model model) {
        Campaign campaign = campaigns.get(id);
        return form(CampaignForm.of(campaign.definition()), campaign, model);
    }

    /** An edit is the API's PATCH of the fields that changed; a running campaign's form has only those it may change. */
    @PostMapping(PATH + "/{id}")
    @AuditAction("campaigns.patch")
    public String edit(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Principal who,
                       Model model) {
        Campaign current = campaigns.get(id);
        Set<String> only = current.status().isEditable() ? null : CampaignService.CHANGEABLE_WHILE_RUNNING;
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
        String[] givenId = parameters.remove("id");
        CampaignForm form = CampaignForm.read(parameters, touchpoints.all(), only);
        if (givenId != null && !(givenId.length == 1 && id.equals(givenId[0]))) {
            form.errors(List.of(new FieldError("id", "cannot change (is " + id + ")")));
        }
        CampaignDefinition edited = form.definition(touchpoints.all());
        if (!form.hasErrors()) {
            try {
                campaigns.patch(id, patch(current.definition(), edited, only), who.getName());
                return "redirect:" + PATH + "/" + id;
            } catch (InvalidRequest invalid) {
                form.errors(invalid.errors());
            } catch (ResponseStatusException refused) {
                form.formError(refused.getReason());
            }
        }
        form.values.put("id", id);
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return form(form, current, model);
    }

    @GetMapping(PATH + "/{id}")
    public String campaign(@PathVariable String id, Model model) {
        return show(campaigns.get(id), model);
    }

    @GetMapping(path = PATH + "/{id}/progress", produces = "application/json")
    @ResponseBody
    public Map<String, Object> progress(@PathVariable String id) {
        Campaign c = campaigns.get(id);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", c.status().name());
        figures.progress(id).map(ProgressView::of).ifPresent(p -> answer.put("progress", p));
        return answer;
    }

    @PostMapping(PATH + "/{id}/{action}")
    @AuditAction("campaigns.{action}")
    public String act(@PathVariable String id, @PathVariable String action, Principal who, RedirectAttributes redirect) {
        try {
            campaigns.act(id, action, who.getName());
            redirect.addFlashAttribute("acted", action);
            if (action.equalsIgnoreCase("schedule") || action.equalsIgnoreCase("start")) {
                // as the API's answer: the days this campaign overbooks a touchpoint (a warning, not a refusal)
                redirect.addFlashAttribute("warnings", plan.overbookingBy(id, CampaignsController.WARN_DAYS));
            }
        } catch (ResponseStatusException refused) {
            if (refused.getStatusCode().value() != HttpStatus.CONFLICT.value()) {
                throw refused;
            }
            // the state changed meanwhile (another operator): said on the page, which shows the current state
            redirect.addFlashAttribute("refused", refused.getReason());
        }
        return "redirect:" + PATH + "/" + id;
    }

    @PostMapping(PATH + "/{id}/targets")
    @AuditAction("campaigns.targets")
    public String upload(@PathVariable String id, @RequestParam(required = false) String listId,
                         @RequestParam(required = false) String charset,
                         @RequestParam(required = false) MultipartFile file, HttpServletRequest request,
                         HttpServletResponse response, Model model, RedirectAttributes redirect) throws IOException {
        Campaign campaign = campaigns.get(id);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        unknownParameters(request, Set.of("listId", "charset"), errors);
        if (charset == null || !CHARSETS.contains(charset)) {
            errors.computeIfAbsent("charset", k -> new ArrayList<>()).add("must be one of " + CHARSETS);
        }
        if (file == null || file.isEmpty()) {
            errors.computeIfAbsent("file", k -> new ArrayList<>()).add("is required: a list of PEERS §2.1 rows"
                    + " (msisdn|segment|score|attr1|attr2|attr3)");
        }
        if (errors.isEmpty()) {
            try (InputStream in = file.getInputStream()) {
                Charset cs = Charset.forName(charset);
                return selected(id, gate.admit(id, listId, () -> lists.accept(id, listId, TargetUpload.rows(in, cs))), redirect);
            } catch (InvalidRequest invalid) {
                invalid.errors().forEach(e -> errors.computeIfAbsent(e.property().startsWith("(body)") ? "file"
                        : e.property(), k -> new ArrayList<>()).add(e.property().startsWith("(body)")
                        ? e.property().substring("(body) ".length()) + ": " + e.message() : e.message()));
            } catch (ResponseStatusException refused) {
                refusal(refused, errors);
            }
        }
        return targetsRefused(campaign, "upload", errors, Map.of("listId", Objects.toString(listId, "")), response, model);
    }

    @PostMapping(PATH + "/{id}/targets:group")
    @AuditAction("campaigns.targets-by-group")
    public String group(@PathVariable String id, @RequestParam(required = false) String listId,
                        @RequestParam(required = false) String groupId, HttpServletRequest request,
                        HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Campaign campaign = campaigns.get(id);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        unknownParameters(request, Set.of("listId", "groupId"), errors);
        if (errors.isEmpty()) {
            try {
                return selected(id, gate.admit(id, listId, () -> lists.acceptGroup(id, listId, groupId)), redirect);
            } catch (InvalidRequest invalid) {
                invalid.errors().forEach(e -> errors.computeIfAbsent(e.property(), k -> new ArrayList<>()).add(e.message()));
            } catch (ResponseStatusException refused) {
                refusal(refused, errors);
            }
        }
        return targetsRefused(campaign, "group", errors, Map.of("listId", Objects.toString(listId, ""),
                "groupId", Objects.toString(groupId, "")), response, model);
    }

    /** Counts what the query selects; nothing is selected. */
    @PostMapping(PATH + "/{id}/targets:count")
    @AuditAction("campaigns.count-query")
    public String count(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model) {
        Campaign campaign = campaigns.get(id);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        CustomerQuery query = query(request, errors);
        if (errors.isEmpty()) {
            try {
                model.addAttribute("queryCount", lists.countQuery(query));
            } catch (InvalidRequest invalid) {
                invalid.errors().forEach(e -> errors.computeIfAbsent(inputOfQuery(e.property()), k -> new ArrayList<>())
                        .add(e.message()));
            }
        }
        if (!errors.isEmpty()) {
            return targetsRefused(campaign, "query", errors, values(request), response, model);
        }
        model.addAttribute("queryValues", values(request));
        return show(campaign, model);
    }

    @PostMapping(PATH + "/{id}/targets:query")
    @AuditAction("campaigns.targets-by-query")
    public String query(@PathVariable String id, HttpServletRequest request, HttpServletResponse response, Model model,
                        RedirectAttributes redirect) {
        Campaign campaign = campaigns.get(id);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        CustomerQuery query = query(request, errors);
        String listId = request.getParameter("listId");
        if (errors.isEmpty()) {
            try {
                return selected(id, gate.admit(id, listId, () -> lists.acceptQuery(id, listId, query)), redirect);
            } catch (InvalidRequest invalid) {
                invalid.errors().forEach(e -> errors.computeIfAbsent(inputOfQuery(e.property()), k -> new ArrayList<>())
                        .add(e.message()));
            } catch (ResponseStatusException refused) {
                refusal(refused, errors);
            }
        }
        return targetsRefused(campaign, "query", errors, values(request), response, model);
    }

    // ---- governance (README "Governance"): the API's submit, approve and reject, through the same service ----

    /** A bar of the preview's funnel chart: the code, its customers, its place and its share of the rows read. */
    public record FunnelBar(String code, long value, double y, double width, String share) {
    }

    /** An approval decision as the history shows it, its time in Asia/Shanghai. */
    public record HistoryRow(String at, String decision, String step, String unit, String actor, String comment) {
    }

    /** Width of the preview's funnel chart (its viewBox). */
    static final int CHART_WIDTH = 720;

    @PostMapping(PATH + "/{id}/submit")
    @AuditAction("campaigns.submit")
    public String submit(@PathVariable String id, @RequestParam(required = false) String comment, HttpServletRequest request,
                         HttpServletResponse response, Principal who, Model model, RedirectAttributes redirect) {
        return decide(id, "submit", "comment", request, response, model, redirect,
                () -> campaigns.submit(id, new CampaignService.SubmitRequest(comment), who.getName()));
    }

    @PostMapping(PATH + "/{id}/approve")
    @AuditAction("campaigns.approve")
    public String approve(@PathVariable String id, @RequestParam(required = false) String comment,
                          HttpServletRequest request, HttpServletResponse response, Principal who, Model model,
                          RedirectAttributes redirect) {
        return decide(id, "approve", "comment", request, response, model, redirect,
                () -> campaigns.approve(id, new CampaignService.ApproveRequest(null, comment), who.getName()));
    }

    @PostMapping(PATH + "/{id}/reject")
    @AuditAction("campaigns.reject")
    public String reject(@PathVariable String id, @RequestParam(required = false) String reason, HttpServletRequest request,
                         HttpServletResponse response, Principal who, Model model, RedirectAttributes redirect) {
        return decide(id, "reject", "reason", request, response, model, redirect,
                () -> campaigns.reject(id, new CampaignService.RejectRequest(reason), who.getName()));
    }

    /**
     * Runs a governance decision: done → the page saying so; a field the service refuses (a missing reason, NUL) → 400
     * with the error beside it; a state changed meanwhile (409) → the page saying why; a decision the actor may not
     * take (403: the author, another unit) → the console's 403 page with the service's reason.
     */
    private String decide(String id, String verb, String field, HttpServletRequest request, HttpServletResponse response,
                          Model model, RedirectAttributes redirect, java.util.function.Supplier<Campaign> decision) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        unknownParameters(request, Set.of(field), errors);
        if (errors.isEmpty()) {
            try {
                decision.get();
                redirect.addFlashAttribute("acted", verb);
                return "redirect:" + PATH + "/" + id;
            } catch (InvalidRequest invalid) {
                invalid.errors().forEach(e -> errors.computeIfAbsent(e.property(), k -> new ArrayList<>()).add(e.message()));
            } catch (ResponseStatusException refused) {
                if (refused.getStatusCode().value() != HttpStatus.CONFLICT.value()) {
                    throw refused;
                }
                redirect.addFlashAttribute("refused", refused.getReason());
                return "redirect:" + PATH + "/" + id;
            }
        }
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        Map<String, List<String>> masked = new LinkedHashMap<>();
        errors.forEach((k, v) -> masked.put(k, v.stream().map(Msisdn::maskAll).toList()));
        model.addAttribute("govForm", verb);
        model.addAttribute("govErrors", masked);
        return show(campaigns.get(id), model);
    }

    /** The campaign's number, unit, approval chain, pending step and history, and which decisions the viewer may take. */
    private void governance(Campaign campaign, Model model) {
        String user = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication().getName();
        model.addAttribute("approvalOn", chains.enabled());
        CampaignService.ApprovalState approval = campaigns.approval(campaign.id());
        model.addAttribute("approval", approval);
        model.addAttribute("approvalHistory", approval.history().stream().map(h -> new HistoryRow(RoutesPage.TIME.format(h.at()),
                h.decision().name(), h.step(), h.unit(), h.actor(), Msisdn.maskAll(h.comment()))).toList());
        model.addAttribute("maySubmit", chains.enabled() && (campaign.status() == CampaignStatus.DRAFT
                || campaign.status() == CampaignStatus.APPROVED));
        model.addAttribute("mayDecide", campaigns.mayDecide(campaign.id(), user));
        if (!model.containsAttribute("govErrors")) {
            model.addAttribute("govErrors", Map.of());
        }
    }

    // ---- preview (dry run): the API's CampaignPreview through the same ListDecisionGate; nothing is written ----

    /** How a preview is named where the gate names a list, as the API names it. */
    private static final String PREVIEW = "(preview)";

    @PostMapping(PATH + "/{id}/preview")
    @AuditAction("campaigns.preview")
    public String preview(@PathVariable String id, @RequestParam(required = false) String charset,
                          @RequestParam(required = false) String sample,
                          @RequestParam(required = false) MultipartFile file, HttpServletRequest request,
                          HttpServletResponse response, Model model) throws IOException {
        Campaign campaign = campaigns.get(id);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        unknownParameters(request, Set.of("charset", "sample"), errors);
        if (charset == null || !CHARSETS.contains(charset)) {
            errors.computeIfAbsent("charset", k -> new ArrayList<>()).add("must be one of " + CHARSETS);
        }
        Long sampleSize = null;
        if (sample != null && !sample.isBlank()) {
            try {
                sampleSize = Long.valueOf(sample.strip());
            } catch (NumberFormatException e) {
                sampleSize = 0L;
            }
            if (sampleSize < 1) {
                errors.computeIfAbsent("sample", k -> new ArrayList<>()).add("must be a whole number of at least 1 (rows"
                        + " to decide), got '" + CampaignForm.shorten(sample.replace("\u0000", "\\u0000")) + "'");
            }
        }
        if (file == null || file.isEmpty()) {
            errors.computeIfAbsent("file", k -> new ArrayList<>()).add("is required and must not be empty: a list of"
                    + " PEERS §2.1 rows (msisdn|segment|score|attr1|attr2|attr3)");
        }
        Map<String, String> values = Map.of("sample", Objects.toString(sample, ""));
        if (errors.isEmpty()) {
            Long n = sampleSize;
            try (InputStream in = file.getInputStream()) {
                Charset cs = Charset.forName(charset);
                return previewed(campaign, gate.admit(id, PREVIEW, () -> previews.ofRows(id, TargetUpload.rows(in, cs), n)),
                        "upload", values, model);
            } catch (InvalidRequest invalid) {
                invalid.errors().forEach(e -> errors.computeIfAbsent(e.property().startsWith("(body)") ? "file"
                        : e.property(), k -> new ArrayList<>()).add(e.property().startsWith("(body)")
                        ? e.property().substring("(body) ".length()) + ": " + e.message() : e.message()));
            } catch (ResponseStatusException refused) {
                refusal(refused, errors);
            }
        }
        return previewRefused(campaign, "upload", errors, values, response, model);
    }

    @PostMapping(PATH + "/{id}/preview:group")
    @AuditAction("campaigns.preview-group")
    public String previewGroup(@PathVariable String id, @RequestParam(required = false) String groupId,
                               HttpServletRequest request, HttpServletResponse response, Model model) {
        Campaign campaign = campaigns.get(id);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        unknownParameters(request, Set.of("groupId"), errors);
        Map<String, String> values = Map.of("groupId", Objects.toString(groupId, ""));
        if (groupId == null || groupId.isBlank()) {
            errors.computeIfAbsent("groupId", k -> new ArrayList<>()).add("is required: choose a saved group");
        }
        if (errors.isEmpty()) {
            try {
                return previewed(campaign, gate.admit(id, PREVIEW, () -> previews.ofGroup(id, groupId)), "group", values, model);
            } catch (InvalidRequest invalid) {
                invalid.errors().forEach(e -> errors.computeIfAbsent(e.property(), k -> new ArrayList<>()).add(e.message()));
            } catch (ResponseStatusException refused) {
                refusal(refused, errors);
            }
        }
        return previewRefused(campaign, "group", errors, values, response, model);
    }

    @PostMapping(PATH + "/{id}/preview:query")
    @AuditAction("campaigns.preview-query")
    public String previewQuery(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
                               Model model) {
        Campaign campaign = campaigns.get(id);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        CustomerQuery query = query(request, errors);
        if (errors.isEmpty()) {
            try {
                model.addAttribute("queryValues", values(request));
                return previewed(campaign, gate.admit(id, PREVIEW, () -> previews.ofQuery(id, query)), "query", Map.of(), model);
            } catch (InvalidRequest invalid) {
                invalid.errors().forEach(e -> errors.computeIfAbsent(inputOfQuery(e.property()), k -> new ArrayList<>())
                        .add(e.message()));
            } catch (ResponseStatusException refused) {
                refusal(refused, errors);
            }
        }
        // the query's errors are shown beside the query form's inputs, as a count's
        return targetsRefused(campaign, "query", errors, values(request), response, model);
    }

    private String previewed(Campaign campaign, CampaignPreview.Preview preview, String form, Map<String, String> values,
                             Model model) {
        model.addAttribute("preview", preview);
        model.addAttribute("previewForm", form);
        model.addAttribute("previewValues", values);
        model.addAttribute("funnelBars", funnelBars(preview.funnel()));
        model.addAttribute("chartWidth", CHART_WIDTH);
        return show(campaign, model);
    }

    private String previewRefused(Campaign campaign, String form, Map<String, List<String>> errors,
                                  Map<String, String> values, HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        Map<String, List<String>> masked = new LinkedHashMap<>();
        errors.forEach((k, v) -> masked.put(k, v.stream().map(Msisdn::maskAll).toList()));
        model.addAttribute("previewForm", form);
        model.addAttribute("previewErrors", masked);
        model.addAttribute("previewValues", values);
        return show(campaign, model);
    }

    /** The funnel's codes as bars scaled to the largest. */
    static List<FunnelBar> funnelBars(Map<String, Long> funnel) {
        long total = funnel.values().stream().mapToLong(Long::longValue).sum();
        long max = Math.max(1, funnel.values().stream().mapToLong(Long::longValue).max().orElse(1));
        double room = CHART_WIDTH - 300;
        List<FunnelBar> bars = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> e : funnel.entrySet()) {
            long v = e.getValue();
            bars.add(new FunnelBar(e.getKey(), v, 10 + i++ * 30, Math.max(room * v / max, v > 0 ? 1 : 0),
                    String.format(java.util.Locale.ROOT, "%.1f%%", total == 0 ? 0.0 : 100.0 * v / total)));
        }
        return bars;
    }

    private String selected(String id, TargetListService.ListResult result, RedirectAttributes redirect) {
        audit.change(null, result); // its counts by outcome, as the API's (never the numbers)
        redirect.addFlashAttribute("targetResult", new TargetResult(result.listId(), result.rows(), result.byOutcome()));
        return "redirect:" + PATH + "/" + id;
    }

    private String targetsRefused(Campaign campaign, String form, Map<String, List<String>> errors,
                                  Map<String, String> values, HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        Map<String, List<String>> masked = new LinkedHashMap<>();
        errors.forEach((k, v) -> masked.put(k, v.stream().map(Msisdn::maskAll).toList()));
        model.addAttribute("targetForm", form);
        model.addAttribute("targetErrors", masked);
        model.addAttribute(form.equals("query") ? "queryValues" : "targetValues", values);
        return show(campaign, model);
    }

    private static void refusal(ResponseStatusException refused, Map<String, List<String>> errors) {
        if (refused.getStatusCode().is5xxServerError()) {
            throw refused;
        }
        errors.computeIfAbsent("(form)", k -> new ArrayList<>()).add(refused.getReason());
    }

    private CustomerQuery query(HttpServletRequest request, Map<String, List<String>> errors) {
        unknownParameters(request, QUERY_FIELDS, errors);
        return new CustomerQuery(strings(request, "brands"), texts(request, "cities"),
                integers(request, "customerClasses", errors), texts(request, "plans"), integers(request, "statuses", errors),
                texts(request, "handsetModels"), number(request, "arpuMinFen", errors),
                number(request, "arpuMaxFen", errors), texts(request, "holdsProducts"), texts(request, "lacksProducts"),
                "true".equals(request.getParameter("all")) ? Boolean.TRUE : null);
    }

    /** A query's field error beside its input: {@code brands[0]} beside {@code brands}. */
    private static String inputOfQuery(String property) {
        return property.replaceAll("\\[\\d+]$", "");
    }

    private static void unknownParameters(HttpServletRequest request, Set<String> known, Map<String, List<String>> errors) {
        for (String name : new TreeSet<>(request.getParameterMap().keySet())) {
            if (!known.contains(name) && !"_csrf".equals(name) && !ConsoleLocale.PARAMETER.equals(name)) {
                errors.computeIfAbsent("(form)", k -> new ArrayList<>()).add("unknown field '" + CampaignForm.shorten(name) + "'");
            }
        }
    }

    private static List<String> strings(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? null : Arrays.stream(values).filter(v -> !v.isBlank()).map(String::strip).toList();
    }

    /** A comma-separated text input as a list. */
    private static List<String> texts(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        return v == null || v.isBlank() ? null
                : Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> integers(HttpServletRequest request, String name, Map<String, List<String>> errors) {
        List<String> values = strings(request, name);
        if (values == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (String v : values) {
            try {
                out.add(Integer.valueOf(v));
            } catch (NumberFormatException e) {
                errors.computeIfAbsent(name, k -> new ArrayList<>()).add("must be whole numbers, got '" + CampaignForm.shorten(v) + "'");
            }
        }
        return out;
    }

    private static Long number(HttpServletRequest request, String name, Map<String, List<String>> errors) {
        String v = request.getParameter(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(v.strip());
        } catch (NumberFormatException e) {
            errors.computeIfAbsent(name, k -> new ArrayList<>()).add("must be a whole number of fen, got '" + CampaignForm.shorten(v) + "'");
            return null;
        }
    }

    /** The query form's values as given, each value list joined, to show them again. */
    private static Map<String, String> values(HttpServletRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (QUERY_FIELDS.contains(k)) {
                values.put(k, String.join(",", v));
            }
        });
        return values;
    }

    /** The campaign's page: definition, actions, progress (if computed within the wait), target forms. */
    private String show(Campaign campaign, Model model) {
        model.addAttribute("campaign", campaign);
        model.addAttribute("definitionJson", Msisdn.maskAll(pretty(campaign.definition())));
        model.addAttribute("actions", Arrays.stream(CampaignStatus.Action.values())
                .filter(a -> a.allowedFrom(campaign.status())).map(a -> a.name().toLowerCase()).toList());
        model.addAttribute("progress", figures.progress(campaign.id()).map(ProgressView::of).orElse(null));
        model.addAttribute("pollMillis", properties.getProgressPoll().toMillis());
        model.addAttribute("groups", groups.list(500));
        model.addAttribute("charsets", CHARSETS);
        model.addAttribute("brands", List.of("GOTONE", "MZONE", "EASYOWN", "OTHER"));
        model.addAttribute("editable", !campaign.status().isTerminal());
        governance(campaign, model);
        if (!model.containsAttribute("previewErrors")) {
            model.addAttribute("previewErrors", Map.of());
        }
        if (!model.containsAttribute("previewValues")) {
            model.addAttribute("previewValues", Map.of());
        }
        if (!model.containsAttribute("queryValues")) {
            model.addAttribute("queryValues", Map.of());
        }
        if (!model.containsAttribute("targetValues")) {
            model.addAttribute("targetValues", Map.of());
        }
        if (!model.containsAttribute("targetErrors")) {
            model.addAttribute("targetErrors", Map.of());
        }
        return "console/campaign";
    }

    private String form(CampaignForm form, Campaign current, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("current", current);
        // a running campaign's form has only the fields it may still change
        model.addAttribute("restricted", current != null && !current.status().isEditable());
        model.addAttribute("channels", channels(touchpoints.all()));
        model.addAttribute("types", CampaignDefinition.Type.values());
        model.addAttribute("metrics", new TreeSet<>(CampaignValidator.TARGET_METRICS));
        model.addAttribute("targetRows", java.util.stream.IntStream.range(0, CampaignForm.TARGET_ROWS).boxed().toList());
        return "console/campaign-form";
    }

    private static List<Channel> channels(Collection<Touchpoint> all) {
        return all.stream().sorted(java.util.Comparator.comparing(Touchpoint::id)).map(t -> new Channel(t.id(),
                t.description(), t.templateFields().stream().map(f -> new Field("templates." + t.id() + "." + f.name(),
                        f.name(), f.description(), f.required(),
                        f.kind() == com.carrier.hub.api.touchpoint.TemplateField.Kind.LIST, f.maxLength())).toList()))
                .toList();
    }

    /**
     * The merge patch from the stored definition to the edited one: each field that differs (a time by its instant, so
     * the same moment in another offset is no change), removed with null when the form left it empty, a template
     * field left empty removed; fields the form does not have (a triggered campaign's {@code trigger},
     * {@code resendUnresolved}) are not in the patch and stay as they are.
     */
    private ObjectNode patch(CampaignDefinition current, CampaignDefinition edited, Set<String> only) {
        ObjectNode before = json.valueToTree(current);
        ObjectNode after = json.valueToTree(edited);
        ObjectNode patch = json.createObjectNode();
        for (String field : List.of("name", "type", "productId", "channels", "templates", "sourceAddress", "start", "end",
                "quietHours", "controlPercent", "responseWindowDays", "acceptKeywords", "autoOrder", "targets", "rules")) {
            if (only != null && !only.contains(field)) {
                continue;
            }
            JsonNode b = before.get(field);
            JsonNode a = after.get(field);
            if ("start".equals(field) || "end".equals(field)) {
                java.time.OffsetDateTime t0 = "start".equals(field) ? current.start() : current.end();
                java.time.OffsetDateTime t1 = "start".equals(field) ? edited.start() : edited.end();
                if (t0 != null && t1 != null && t0.isEqual(t1)) {
                    continue;
                }
            }
            if ("autoOrder".equals(field) && a == null && b != null && !b.asBoolean()) {
                continue; // an unticked box is false, as stored
            }
            if (Objects.equals(a, b)) {
                continue;
            }
            if (a == null) {
                patch.putNull(field);
            } else if ("templates".equals(field) && b instanceof ObjectNode stored && a instanceof ObjectNode given) {
                ObjectNode t = json.createObjectNode();
                stored.fieldNames().forEachRemaining(tp -> {
                    if (!given.has(tp)) {
                        t.putNull(tp);
                    }
                });
                given.fields().forEachRemaining(e -> {
                    ObjectNode fields = e.getValue().deepCopy();
                    if (stored.get(e.getKey()) instanceof ObjectNode old) {
                        old.fieldNames().forEachRemaining(n -> {
                            if (!fields.has(n)) {
                                fields.putNull(n);
                            }
                        });
                    }
                    t.set(e.getKey(), fields);
                });
                patch.set(field, t);
            } else {
                patch.set(field, a);
            }
        }
        return patch;
    }

    private String pretty(CampaignDefinition d) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(d);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("campaign " + d.id() + " cannot be shown as JSON", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package com.carrier.hub.runtime.campaign;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.managers.WorkOrders;
import com.carrier.hub.runtime.touchpoints.TouchpointPlan;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.carrier.hub.runtime.web.UploadCharset;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;

/**
 * Campaign definitions and their lifecycle (PEERS.md §7). Writes need OPERATOR. A campaign is seen only by its own
 * organisation unit and the units above it: any other unit's request answers 404 (README "Governance").
 */
@RestController
@RequestMapping("/api/campaigns")
public class CampaignsController {

    /** A campaign with where it stands. */
    public record CampaignView(CampaignDefinition definition, CampaignStatus status, int version, Instant createdAt,
                               Instant updatedAt, String unit, String number, CampaignProgress.Progress progress,
                               CampaignService.ApprovalState approval) {
        static CampaignView of(Campaign c, CampaignProgress.Progress p, CampaignService.ApprovalState a) {
            return new CampaignView(c.definition(), c.status(), c.version(), c.createdAt(), c.updatedAt(), c.unit(),
                    c.number(), p, a);
        }
    }

    private final CampaignService service;
    private final TargetListService lists;
    private final ListDecisionGate gate;
    private final CampaignProgress progress;
    private final WorkOrders workOrders;
    private final CampaignPreview preview;
    private final TouchpointPlan plan;
    private final AuditTrail audit;

    public CampaignsController(CampaignService service, TargetListService lists, ListDecisionGate gate,
                               CampaignProgress progress, WorkOrders workOrders, CampaignPreview preview, TouchpointPlan plan, AuditTrail audit) {
        this.service = service;
        this.plan = plan;
        this.preview = preview;
        this.audit = audit;
        this.gate = gate;
        this.workOrders = workOrders;
        this.lists = lists;
        this.progress = progress;
    }

    @PostMapping
    @Operation(summary = "Create a campaign (DRAFT); 400 names each invalid field, 409 when the id exists")
    public ResponseEntity<Campaign> create(@RequestBody CampaignDefinition definition, Principal who) {
        Campaign created = service.create(definition, who.getName());
        return ResponseEntity.created(URI.create("/api/campaigns/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(summary = "Campaigns, newest start first, optionally of one status")
    public List<Campaign> list(@RequestParam(required = false) CampaignStatus status, Principal who) {
        return service.list(status, who.getName());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One campaign with its progress: targeted = excluded + control + contacted + failed + pending + deciding")
    public CampaignView get(@PathVariable String id, Principal who) {
        Campaign c = service.get(id, who.getName());
        return CampaignView.of(c, progress.of(id), service.approval(id));
    }

    @PostMapping(path = "/{id}/targets", consumes = "text/plain")
    @Operation(summary = "Upload a target list (PEERS §2.1 rows: msisdn|segment|score|attr1|attr2|attr3; charset from"
            + " Content-Type, UTF-8 by default); every customer is decided by the contact policy; 429 with Retry-After when"
            + " too many lists are being decided")
    public TargetListService.ListResult targets(@PathVariable String id, @RequestParam String listId,
                                                HttpServletRequest request, Principal who) throws IOException {
        visible(id, listId, who);
        Iterator<TargetRow> rows = TargetUpload.rows(request.getInputStream(), UploadCharset.of(request));
        return audited(gate.admit(id, listId, () -> lists.accept(id, listId, rows)));
    }

    /**
     * An upload whose Content-Type is not text/plain, or names a charset this JVM does not know: 415 naming it. Without
     * this mapping such a request would fall through to the lifecycle actions' mapping below.
     */
    @PostMapping(path = "/{id}/targets")
    @AuditAction("campaigns.targets")
    @Operation(summary = "415: a target list upload must be text/plain in a charset the hub knows")
    public TargetListService.ListResult targetsOfAnotherType(@PathVariable String id, HttpServletRequest request) {
        throw UploadCharset.otherType(request, "a target list upload");
    }

    @GetMapping(path = "/{id}/call-list", produces = "text/csv")
    @Operation(summary = "The account managers' work orders of the campaign (MANAGER channel) as a call list, in CSV")
    public ResponseEntity<String> callList(@PathVariable String id, Principal who) {
        service.get(id, who.getName());
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(workOrders.callList(id));
    }

    @PostMapping(path = "/{id}/targets:query", consumes = "application/json")
    @Operation(summary = "Select targets with a structured query over the customer index (no SQL from users)")
    public TargetListService.ListResult targetsByQuery(@PathVariable String id, @RequestParam String listId,
                                                       @RequestBody CustomerQuery query, Principal who) {
        visible(id, listId, who);
        return audited(gate.admit(id, listId, () -> lists.acceptQuery(id, listId, query)));
    }

    @PostMapping("/{id}/targets:group")
    @Operation(summary = "Select the members of a saved customer group as targets")
    public TargetListService.ListResult targetsByGroup(@PathVariable String id, @RequestParam String listId,
                                                       @RequestParam String groupId, Principal who) {
        visible(id, listId, who);
        return audited(gate.admit(id, listId, () -> lists.acceptGroup(id, listId, groupId)));
    }

    @PostMapping(path = "/{id}/preview", consumes = "text/plain")
    @AuditAction("campaigns.preview")
    @Operation(summary = "Dry run of a target list (PEERS §2.1 rows; all of it, or its first `sample` rows): decides every"
            + " customer as a launch would and writes nothing; answers the funnel by code, the contacts and load per"
            + " touchpoint and day against its capacity, and a few rendered messages (customers masked)")
    public CampaignPreview.Preview preview(@PathVariable String id, @RequestParam(required = false) Long sample,
                                           HttpServletRequest request, Principal who) throws IOException {
        visible(id, who);
        if (sample != null && sample < 1) {
            throw new InvalidRequest("sample is not valid", List.of(new FieldError("sample", "must be at least 1")));
        }
        Iterator<TargetRow> rows = TargetUpload.rows(request.getInputStream(), UploadCharset.of(request));
        return gate.admit(id, PREVIEW, () -> preview.ofRows(id, rows, sample));
    }

    @PostMapping(path = "/{id}/preview:query", consumes = "application/json")
    @AuditAction("campaigns.preview-query")
    @Operation(summary = "Dry run of a structured query's customers: as a launch would decide them, nothing written")
    public CampaignPreview.Preview previewQuery(@PathVariable String id, @RequestBody CustomerQuery query, Principal who) {
        visible(id, who);
        return gate.admit(id, PREVIEW, () -> preview.ofQuery(id, query));
    }

    @PostMapping("/{id}/preview:group")
    @AuditAction("campaigns.preview-group")
    @Operation(summary = "Dry run of a saved customer group's members: as a launch would decide them, nothing written")
    public CampaignPreview.Preview previewGroup(@PathVariable String id, @RequestParam String groupId, Principal who) {
        visible(id, who);
        return gate.admit(id, PREVIEW, () -> preview.ofGroup(id, groupId));
    }

    @PatchMapping(path = "/{id}", consumes = {"application/json", "application/merge-patch+json"})
    @Operation(summary = "Change fields (JSON merge patch); a RUNNING or PAUSED campaign may change only name, end and targets")
    public Campaign patch(@PathVariable String id, @RequestBody JsonNode patch, Principal who) {
        return service.patch(id, patch, who.getName());
    }

    @PostMapping("/{id}/submit")
    @AuditAction("campaigns.submit")
    @Operation(summary = "Submit a DRAFT for approval (approval on): SUBMITTED, waiting for the steps of its chain")
    public Campaign submit(@PathVariable String id, @RequestBody(required = false) CampaignService.SubmitRequest request,
                           Principal who) {
        return service.submit(id, request, who.getName());
    }

    @PostMapping("/{id}/approve")
    @AuditAction("campaigns.approve")
    @Operation(summary = "Approve the pending step of a SUBMITTED campaign ({\"step\":\"CITY\",\"comment\":\"…\"}, both"
            + " optional); the last step makes it APPROVED. 403 for its author or an approver outside the step's unit,"
            + " 409 out of order")
    public Campaign approve(@PathVariable String id, @RequestBody(required = false) CampaignService.ApproveRequest request,
                            Principal who) {
        return service.approve(id, request, who.getName());
    }

    @PostMapping("/{id}/reject")
    @AuditAction("campaigns.reject")
    @Operation(summary = "Reject a SUBMITTED campaign at its pending step ({\"reason\":\"…\"} required): back to DRAFT")
    public Campaign reject(@PathVariable String id, @RequestBody(required = false) CampaignService.RejectRequest request,
                           Principal who) {
        return service.reject(id, request, who.getName());
    }

    @PostMapping("/{id}/{action}")
    @AuditAction("campaigns.{action}")
    @Operation(summary = "Lifecycle action: schedule, start, pause, resume, complete, cancel (409 when not allowed from the current status)")
    public ActionResult act(@PathVariable String id, @PathVariable String action, Principal who) {
        Campaign after = service.act(id, action, who.getName());
        boolean launching = action.equalsIgnoreCase("schedule") || action.equalsIgnoreCase("start");
        return new ActionResult(after, launching ? plan.overbookingBy(id, WARN_DAYS) : List.of());
    }

    /** Days ahead a schedule or start looks for touchpoints the campaign overbooks. */
    public static final int WARN_DAYS = 31;

    /**
     * A lifecycle action's answer: the campaign, and for schedule and start a warning for each day its contacts
     * overbook a touchpoint (the touchpoint, the day, what is due against the capacity and what carries over).
     */
    public static final class ActionResult {
        private final Campaign campaign;
        private final List<String> warnings;

        ActionResult(Campaign campaign, List<String> warnings) {
            this.campaign = campaign;
            this.warnings = warnings;
        }

        @JsonUnwrapped
        public Campaign getCampaign() {
            return campaign;
        }

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public List<String> getWarnings() {
            return warnings;
        }
    }

    /** How a preview is named where the gate names a list (it waits for its campaign's lists being decided). */
    private static final String PREVIEW = "(preview)";

    /** Another unit's campaign is answered as the list service answers an unknown one: 404, not known to the hub. */
    private void visible(String id, String listId, Principal who) {
        if (!service.sees(id, who.getName())) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND,
                    "target list " + listId + ": campaign " + id + " is not known to the hub");
        }
    }

    /** Another unit's campaign is previewed as an unknown one: 404, not known to the hub. */
    private void visible(String id, Principal who) {
        if (!service.sees(id, who.getName())) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND,
                    "campaign " + id + " is not known to the hub");
        }
    }

    /** A list's counts by outcome go to the audit trail (its numbers never do). */
    private TargetListService.ListResult audited(TargetListService.ListResult result) {
        audit.change(null, result);
        return result;
    }
}

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

import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.managers.WorkOrders;
import com.carrier.hub.runtime.web.UploadCharset;
import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;

/** Campaign definitions and their lifecycle (PEERS.md §7). Writes need OPERATOR. */
@RestController
@RequestMapping("/api/campaigns")
public class CampaignsController {

    /** A campaign with where it stands. */
    public record CampaignView(CampaignDefinition definition, CampaignStatus status, int version, Instant createdAt,
                               Instant updatedAt, CampaignProgress.Progress progress) {
        static CampaignView of(Campaign c, CampaignProgress.Progress p) {
            return new CampaignView(c.definition(), c.status(), c.version(), c.createdAt(), c.updatedAt(), p);
        }
    }

    private final CampaignService service;
    private final TargetListService lists;
    private final ListDecisionGate gate;
    private final CampaignProgress progress;
    private final WorkOrders workOrders;
    private final AuditTrail audit;

    public CampaignsController(CampaignService service, TargetListService lists, ListDecisionGate gate,
                               CampaignProgress progress, WorkOrders workOrders, AuditTrail audit) {
        this.service = service;
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
    public List<Campaign> list(@RequestParam(required = false) CampaignStatus status) {
        return service.list(status);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One campaign with its progress: targeted = excluded + control + contacted + failed + pending + deciding")
    public CampaignView get(@PathVariable String id) {
        return CampaignView.of(service.get(id), progress.of(id));
    }

    @PostMapping(path = "/{id}/targets", consumes = "text/plain")
    @Operation(summary = "Upload a target list (PEERS §2.1 rows: msisdn|segment|score|attr1|attr2|attr3; charset from"
            + " Content-Type, UTF-8 by default); every customer is decided by the contact policy; 429 with Retry-After when"
            + " too many lists are being decided")
    public TargetListService.ListResult targets(@PathVariable String id, @RequestParam String listId,
                                                HttpServletRequest request) throws IOException {
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
    public ResponseEntity<String> callList(@PathVariable String id) {
        service.get(id);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(workOrders.callList(id));
    }

    @PostMapping(path = "/{id}/targets:query", consumes = "application/json")
    @Operation(summary = "Select targets with a structured query over the customer index (no SQL from users)")
    public TargetListService.ListResult targetsByQuery(@PathVariable String id, @RequestParam String listId,
                                                       @RequestBody CustomerQuery query) {
        return audited(gate.admit(id, listId, () -> lists.acceptQuery(id, listId, query)));
    }

    @PostMapping("/{id}/targets:group")
    @Operation(summary = "Select the members of a saved customer group as targets")
    public TargetListService.ListResult targetsByGroup(@PathVariable String id, @RequestParam String listId,
                                                       @RequestParam String groupId) {
        return audited(gate.admit(id, listId, () -> lists.acceptGroup(id, listId, groupId)));
    }

    @PatchMapping(path = "/{id}", consumes = {"application/json", "application/merge-patch+json"})
    @Operation(summary = "Change fields (JSON merge patch); a RUNNING or PAUSED campaign may change only name, end and targets")
    public Campaign patch(@PathVariable String id, @RequestBody JsonNode patch, Principal who) {
        return service.patch(id, patch, who.getName());
    }

    @PostMapping("/{id}/{action}")
    @AuditAction("campaigns.{action}")
    @Operation(summary = "Lifecycle action: schedule, start, pause, resume, complete, cancel (409 when not allowed from the current status)")
    public Campaign act(@PathVariable String id, @PathVariable String action, Principal who) {
        return service.act(id, action, who.getName());
    }

    /** A list's counts by outcome go to the audit trail (its numbers never do). */
    private TargetListService.ListResult audited(TargetListService.ListResult result) {
        audit.change(null, result);
        return result;
    }
}

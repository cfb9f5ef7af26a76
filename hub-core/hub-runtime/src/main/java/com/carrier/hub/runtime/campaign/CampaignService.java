package com.carrier.hub.runtime.campaign;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.governance.ApprovalChains;
import com.carrier.hub.runtime.governance.ApprovalChains.ChainStep;
import com.carrier.hub.runtime.governance.CampaignNumbers;
import com.carrier.hub.runtime.governance.GovernanceProperties;
import com.carrier.hub.runtime.governance.OrgUnits;
import com.carrier.hub.runtime.resources.Budgets;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.carrier.hub.runtime.web.StrictJson;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Creates, changes and moves campaigns through their lifecycle.
 *
 * <p>Changing a campaign that already runs: only {@code name}, {@code end} and {@code targets} may change once a
 * campaign is RUNNING or PAUSED (COMPLETED and CANCELLED campaigns do not change at all). Its content — channels,
 * templates, product, control share, rules — is refused with 409 naming the fields, because customers already
 * contacted got the old content and the evaluation compares like with like; create a new campaign instead.
 *
 * <p>Governance (README "Governance"): a campaign belongs to the organisation unit of the user who created it and gets
 * its number in the same transaction; it is visible to that unit and the units above it only — the methods that take
 * an actor answer 404 for a campaign the actor's unit does not see, as if it did not exist. With approval on
 * ({@code hub.governance.approval.enabled}) a campaign is submitted, approved along its chain (or rejected back to
 * DRAFT) and only then scheduled; a content change after submission sends it back to DRAFT. The methods without an
 * actor ({@link #get(String)}, {@link #list(CampaignStatus)}) apply the same rule to the signed-in user of the current
 * request (the console's pages), and see every campaign only for the hub's own work (no signed-in user).
 */
@Service
public class CampaignService {

    /** Fields a running campaign may still change. */
    public static final Set<String> CHANGEABLE_WHILE_RUNNING = Set.of("name", "end", "targets");

    /** The fields of a definition, which a patch may name. */
    private static final Set<String> DEFINITION_FIELDS = Arrays.stream(CampaignDefinition.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    private final CampaignRepository campaigns;
    private final CampaignValidator validator;
    private final ObjectMapper json;
    private final AuditTrail audit;
    private final OrgUnits units;
    private final CampaignNumbers numbers;
    private final ApprovalChains chains;
    private final CampaignApprovals approvals;
    private final CampaignProgress progress;
    private final Budgets budgets;

    /** A submission's body (optional). */
    public record SubmitRequest(String comment) {
    }

    /** An approval's body (optional): the step approved (default: the pending one) and a comment. */
    public record ApproveRequest(String step, String comment) {
    }

    /** A rejection's body: why (required). */
    public record RejectRequest(String reason) {
    }

    /**
     * Where a campaign's approval stands: the chain of its last submission, the step it waits for (null when it is
     * not waiting) and every step so far, oldest first.
     */
    public record ApprovalState(List<ChainStep> chain, ChainStep pending, List<CampaignApprovals.Entry> history) {
    }

    /** What the audit trail keeps of an approval step. */
    record AuditApproval(CampaignStatus status, CampaignApprovals.Decision decision, String step, String comment) {
    }

    /** What the audit trail keeps of a campaign before and after a change: its status, and its definition on edits. */
    record AuditState(CampaignStatus status, Integer version, CampaignDefinition definition) {
        static AuditState of(Campaign c, boolean withDefinition) {
            return new AuditState(c.status(), c.version(), withDefinition ? c.definition() : null);
        }
    }

    public CampaignService(CampaignRepository campaigns, CampaignValidator validator, ObjectMapper json,
                           AuditTrail audit, OrgUnits units, CampaignNumbers numbers, ApprovalChains chains,
                           CampaignApprovals approvals, CampaignProgress progress, Budgets budgets) {
        this.campaigns = campaigns;
        this.validator = validator;
        this.json = json;
        this.audit = audit;
        this.units = units;
        this.numbers = numbers;
        this.chains = chains;
        this.approvals = approvals;
        this.progress = progress;
        this.budgets = budgets;
    }

    /** Creates a DRAFT owned by the actor's unit, with the next number of its series. */
    @Transactional
    public Campaign create(CampaignDefinition definition, String actor) {
        List<FieldError> errors = validator.validate(definition);
        if (!errors.isEmpty()) {
            throw new InvalidRequest("campaign " + definition.id() + " is not valid", errors);
        }
        CampaignDefinition d = definition.withDefaults();
        String unit = units.unitOf(actor);
        if (!campaigns.insert(d, CampaignStatus.DRAFT, actor, unit, () -> numbers.next(unit))) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + d.id() + " already exists");
        }
        Campaign created = stored(d.id());
        audit.change(null, AuditState.of(created, true));
        return created;
    }

    /**
     * The campaign as the signed-in user of the current request sees it ({@link #get(String, String)}: 404 for another
     * unit's); the hub's own work, with no signed-in user (routes, dispatch, the sandbox), sees every campaign.
     */
    public Campaign get(String id) {
        String user = signedIn();
        return user == null ? stored(id) : get(id, user);
    }

    private Campaign stored(String id) {
        return campaigns.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no campaign " + id));
    }

    /** The user of the current request, if one signed in. */
    private static String signedIn() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || !a.isAuthenticated() || a instanceof AnonymousAuthenticationToken ? null : a.getName();
    }

    /**
     * A page of campaigns by id or name text, status and type ({@link CampaignRepository#search}), as the signed-in user
     * of the current request sees them (all of them for the hub's own work).
     */
    public List<Campaign> search(String text, CampaignStatus status, String type, int offset, int limit) {
        return campaigns.search(text, status, type, visibleUnits(), offset, limit);
    }

    /** How many campaigns {@link #search} finds. */
    public long count(String text, CampaignStatus status, String type) {
        return campaigns.count(text, status, type, visibleUnits());
    }

    /** The units whose campaigns the signed-in user sees; null (every unit) for the hub's own work. */
    private java.util.Set<String> visibleUnits() {
        String user = signedIn();
        return user == null ? null : units.visibleFrom(units.unitOf(user));
    }

    /** The campaign if the actor's unit sees it (its own unit's or a unit's below); 404 otherwise, as for no campaign. */
    public Campaign get(String id, String actor) {
        Campaign c = stored(id);
        if (!units.sees(units.unitOf(actor), c.unit())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no campaign " + id);
        }
        return c;
    }

    /** Whether the actor's unit sees the campaign; true for an unknown campaign (the caller says it is unknown). */
    public boolean sees(String id, String actor) {
        return campaigns.find(id).map(c -> units.sees(units.unitOf(actor), c.unit())).orElse(true);
    }

    /**
     * Whether the actor may see the campaign's name where another unit's work shows it (the case library): unless it is
     * confidential, anyone may; a confidential one only its own unit and those above.
     */
    public boolean mayName(String id, String actor) {
        return campaigns.find(id).map(c -> !c.definition().keptConfidential() || units.sees(units.unitOf(actor), c.unit()))
                .orElse(true);
    }

    /** The campaigns as the signed-in user of the current request sees them; all of them for the hub's own work. */
    public List<Campaign> list(CampaignStatus status) {
        String user = signedIn();
        return user == null ? campaigns.list(status) : list(status, user);
    }

    /** The campaigns the actor's unit sees, optionally of one status. */
    public List<Campaign> list(CampaignStatus status, String actor) {
        return campaigns.list(status, units.visibleFrom(units.unitOf(actor)));
    }

    /** Where the campaign's approval stands. */
    public ApprovalState approval(String id) {
        CampaignApprovals.Round round = approvals.round(id);
        Campaign c = stored(id);
        return new ApprovalState(round.chain(), c.status() == CampaignStatus.SUBMITTED ? round.pending() : null,
                approvals.history(id));
    }

    /**
     * Applies a JSON merge patch (RFC 7386) to the campaign's definition. With approval on, a change to a SUBMITTED,
     * APPROVED or SCHEDULED campaign sends it back to DRAFT (recorded as RETURNED in its approval history).
     */
    @Transactional
    public Campaign patch(String id, JsonNode patch, String actor) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequest("a PATCH body is a JSON object of the fields to change", List.of(new FieldError("(body)", "must be a JSON object")));
        }
        Campaign current = get(id, actor);
        if (patch.has("id") && !id.equals(patch.get("id").asText())) {
            throw new InvalidRequest("a campaign's id cannot change", List.of(new FieldError("id", "cannot change (is " + id + ")")));
        }
        if (current.status().isTerminal()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + id + " is " + current.status() + " and cannot change");
        }
        // a field removed with null never reaches the mapper, so its name is checked here
        List<FieldError> unknown = new ArrayList<>();
        patch.fieldNames().forEachRemaining(name -> {
            if (!DEFINITION_FIELDS.contains(name)) {
                unknown.add(new FieldError(name, "unknown field '" + name + "'; known fields: " + new TreeSet<>(DEFINITION_FIELDS)));
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidRequest("campaign " + id + ": the patch names fields a campaign does not have", unknown);
        }
        ObjectNode merged = json.valueToTree(current.definition());
        merge(merged, patch);
        CampaignDefinition candidate;
        try {
            candidate = json.treeToValue(merged, CampaignDefinition.class);
        } catch (JsonMappingException e) {
            throw new InvalidRequest("campaign " + id + ": the patch does not fit the definition",
                    List.of(StrictJson.fieldError(e)));
        } catch (Exception e) {
            throw new InvalidRequest("campaign " + id + ": the patch does not fit the definition",
                    List.of(new FieldError("(body)", e.getMessage())));
        }
        if (!current.status().isEditable()) {
            Set<String> changed = changedFields(json.valueToTree(current.definition()), merged);
            changed.removeAll(CHANGEABLE_WHILE_RUNNING);
            if (!changed.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + id + " is " + current.status()
                        + ": " + changed + " cannot change once it runs (customers already contacted got the current content);"
                        + " only " + new TreeSet<>(CHANGEABLE_WHILE_RUNNING) + " may; create a new campaign for new content");
            }
        }
        List<FieldError> errors = validator.validate(candidate);
        if (!errors.isEmpty()) {
            throw new InvalidRequest("campaign " + id + " would not be valid", errors);
        }
        if (!campaigns.update(candidate.withDefaults(), current.version())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + id + " was changed meanwhile; read it again and retry");
        }
        Set<CampaignStatus> approved = Set.of(CampaignStatus.SUBMITTED, CampaignStatus.APPROVED, CampaignStatus.SCHEDULED);
        if (chains.enabled() && approved.contains(current.status())) {
            Set<String> changedFields = changedFields(json.valueToTree(current.definition()),
                    json.valueToTree(stored(id).definition()));
            if (!changedFields.isEmpty()) {
                campaigns.transition(id, approved, CampaignStatus.DRAFT, actor, "content changed");
                approvals.record(id, CampaignApprovals.Decision.RETURNED, null, null, actor,
                        "content changed after " + current.status() + ": " + changedFields + "; submit it again");
            }
        }
        Campaign changed = stored(id);
        audit.change(AuditState.of(current, true), AuditState.of(changed, true));
        return changed;
    }

    /**
     * Runs an operator action (schedule, start, pause, resume, complete, cancel). Schedule and start reserve the
     * campaign's planned consumption of marketing resources against its unit's budgets in the same transaction (409
     * with the figures when a budget would not suffice, and the campaign stays as it was); complete and cancel release
     * what it held and did not use ({@link Budgets}).
     */
    @Transactional
    public Campaign act(String id, String actionName, String actor) {
        CampaignStatus.Action action = CampaignStatus.Action.of(actionName);
        if (action == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no campaign action '" + actionName
                    + "'; actions: schedule, start, pause, resume, complete, cancel");
        }
        Campaign current = get(id, actor);
        Set<CampaignStatus> from = action.from();
        if (action == CampaignStatus.Action.SCHEDULE && chains.enabled()) {
            if (current.status() != CampaignStatus.APPROVED) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "cannot schedule campaign " + id + ": it is "
                        + current.status() + " and needs approval first (hub.governance.approval.enabled): submit it"
                        + " (POST /api/campaigns/" + id + "/submit) and have each step of its chain approved");
            }
            // targets added since the approval may call for a longer chain (a county list growing past a threshold)
            long targeted = progress.of(id).targeted();
            List<ChainStep> needed = chains.chain(current.definition().type(), current.unit(), targeted);
            List<ChainStep> approvedChain = approvals.round(id).chain();
            // a step approved by a unit covers a step of that unit or of one below it
            if (!needed.stream().allMatch(n -> approvedChain.stream().anyMatch(done -> units.sees(done.unit(), n.unit())))) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "cannot schedule campaign " + id + ": it was approved"
                        + " along " + approvedChain + ", but with its " + targeted + " targets now it needs " + needed
                        + "; submit it again (POST /api/campaigns/" + id + "/submit)");
            }
            from = Set.of(CampaignStatus.APPROVED);
        }
        if (!campaigns.transition(id, from, action.to(), actor, action.name().toLowerCase())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "cannot " + action.name().toLowerCase() + " campaign " + id
                    + ": it is " + current.status() + ", and " + action.name().toLowerCase() + " needs " + action.from());
        }
        if (action == CampaignStatus.Action.SCHEDULE || action == CampaignStatus.Action.START) {
            budgets.reserve(id, current.unit());
        } else if (action == CampaignStatus.Action.COMPLETE || action == CampaignStatus.Action.CANCEL) {
            budgets.release(id);
        }
        Campaign after = stored(id);
        audit.change(AuditState.of(current, false), AuditState.of(after, false));
        return after;
    }

    /**
     * DRAFT → SUBMITTED: the campaign waits for the approvals of its chain (by type, unit level and targets so far). An
     * APPROVED campaign may be submitted again (a new round), when targets added since call for a longer chain.
     */
    @Transactional
    public Campaign submit(String id, SubmitRequest request, String actor) {
        String comment = comment("comment", request == null ? null : request.comment(), false);
        Campaign current = get(id, actor);
        if (!chains.enabled()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + id + " needs no approval: approval is off"
                    + " (hub.governance.approval.enabled=false); schedule it directly");
        }
        List<ChainStep> chain = chains.chain(current.definition().type(), current.unit(), progress.of(id).targeted());
        if (!campaigns.transition(id, Set.of(CampaignStatus.DRAFT, CampaignStatus.APPROVED), CampaignStatus.SUBMITTED, actor,
                "submit")) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "cannot submit campaign " + id + ": it is "
                    + current.status() + ", and submit needs DRAFT (or APPROVED, to approve it again)");
        }
        approvals.record(id, CampaignApprovals.Decision.SUBMITTED, null, ApprovalChains.format(chain), actor, comment);
        Campaign after = stored(id);
        audit.change(AuditState.of(current, false), new AuditApproval(after.status(), CampaignApprovals.Decision.SUBMITTED,
                ApprovalChains.format(chain), comment));
        return after;
    }

    /**
     * Approves the pending step of a SUBMITTED campaign; the last step makes it APPROVED. The approver belongs to the
     * unit the step names or one above it, is not the campaign's author, and has approved no other step of this round.
     */
    @Transactional
    public Campaign approve(String id, ApproveRequest request, String actor) {
        String comment = comment("comment", request == null ? null : request.comment(), false);
        String step = request == null || request.step() == null ? null : request.step().trim().toUpperCase();
        if (step != null && java.util.Arrays.stream(GovernanceProperties.Step.values()).noneMatch(s -> s.name().equals(step))) {
            throw new InvalidRequest("campaign " + id + ": no approval step " + request.step(), List.of(new FieldError("step",
                    "must be one of " + java.util.Arrays.toString(GovernanceProperties.Step.values()) + ", got '" + request.step() + "'")));
        }
        Campaign current = get(id, actor);
        ChainStep pending = pendingStep(current, "approve");
        if (step != null && !step.equals(pending.step().name())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "cannot approve step " + step + " of campaign " + id
                    + " out of order: step " + pending.step() + " (unit " + pending.unit() + ") is pending; the chain is "
                    + approvals.round(id).chain());
        }
        checkApprover(current, pending, actor, "approve");
        approvals.record(id, CampaignApprovals.Decision.APPROVED, pending, null, actor, comment);
        if (approvals.round(id).pending() == null
                && !campaigns.transition(id, Set.of(CampaignStatus.SUBMITTED), CampaignStatus.APPROVED, actor, "approve")) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + id + " was changed meanwhile; read it again");
        }
        Campaign after = stored(id);
        audit.change(AuditState.of(current, false), new AuditApproval(after.status(), CampaignApprovals.Decision.APPROVED,
                pending.toString(), comment));
        return after;
    }

    /**
     * Whether the actor may approve or reject the campaign's pending step now, by the rules {@link #approve} and
     * {@link #reject} apply (read only: the console shows its buttons by it; the actions decide again).
     */
    public boolean mayDecide(String id, String actor) {
        Campaign current = get(id, actor);
        ChainStep pending = current.status() == CampaignStatus.SUBMITTED ? approvals.round(id).pending() : null;
        if (pending == null) {
            return false;
        }
        try {
            checkApprover(current, pending, actor, "approve");
            return true;
        } catch (ResponseStatusException refused) {
            return false;
        }
    }

    /** Rejects a SUBMITTED campaign at its pending step, with a reason: back to DRAFT. */
    @Transactional
    public Campaign reject(String id, RejectRequest request, String actor) {
        String reason = comment("reason", request == null ? null : request.reason(), true);
        Campaign current = get(id, actor);
        ChainStep pending = pendingStep(current, "reject");
        checkApprover(current, pending, actor, "reject");
        if (!campaigns.transition(id, Set.of(CampaignStatus.SUBMITTED), CampaignStatus.DRAFT, actor, "reject")) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + id + " was changed meanwhile; read it again");
        }
        approvals.record(id, CampaignApprovals.Decision.REJECTED, pending, null, actor, reason);
        Campaign after = stored(id);
        audit.change(AuditState.of(current, false), new AuditApproval(after.status(), CampaignApprovals.Decision.REJECTED,
                pending.toString(), reason));
        return after;
    }

    private ChainStep pendingStep(Campaign current, String verb) {
        // one decision at a time: two approvers of the same step queue here, and the second sees the next step
        campaigns.lock(current.id());
        CampaignStatus status = campaigns.find(current.id()).map(Campaign::status).orElse(current.status());
        if (status != CampaignStatus.SUBMITTED) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "cannot " + verb + " campaign " + current.id() + ": it is "
                    + status + "; only a SUBMITTED campaign is approved or rejected, one step of its chain after the other"
                    + (status == CampaignStatus.DRAFT ? " (submit it first)" : ""));
        }
        return approvals.round(current.id()).pending();
    }

    private void checkApprover(Campaign current, ChainStep pending, String actor, String verb) {
        String id = current.id();
        if (campaigns.author(id).filter(actor::equals).isPresent()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, actor + " created campaign " + id + " and cannot "
                    + verb + " it; step " + pending.step() + " needs another member of unit " + pending.unit() + " or above");
        }
        String unit = units.unitOf(actor);
        if (!units.sees(unit, pending.unit())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "step " + pending.step() + " of campaign " + id
                    + " needs an approver of unit " + pending.unit() + " or a unit above it; " + actor + " belongs to " + unit);
        }
        if (approvals.round(id).approved().stream().anyMatch(e -> actor.equals(e.actor()))) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, actor + " already approved a step of campaign " + id
                    + "; step " + pending.step() + " needs another approver");
        }
    }

    private static String comment(String field, String value, boolean required) {
        if (required && (value == null || value.isBlank())) {
            throw new InvalidRequest("a " + field + " is required", List.of(new FieldError(field, "must say why (1–1000 characters)")));
        }
        if (value != null && value.length() > 1000) {
            throw new InvalidRequest(field + " is too long", List.of(new FieldError(field, "must be at most 1000 characters, got " + value.length())));
        }
        // the history is shown to every reader of the campaign: a mobile number typed into a comment is kept masked
        return value == null || value.isBlank() ? null : Msisdn.maskAll(value.trim());
    }

    private static void merge(ObjectNode target, JsonNode patch) {
        Iterator<String> names = patch.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode value = patch.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && target.get(name) instanceof ObjectNode child) {
                merge(child, value);
            } else {
                target.set(name, value);
            }
        }
    }

    private static Set<String> changedFields(JsonNode before, JsonNode after) {
        Set<String> changed = new TreeSet<>();
        List<String> names = new ArrayList<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            if (!java.util.Objects.equals(before.get(n), after.get(n))) {
                changed.add(n);
            }
        }
        return changed;
    }
}

package com.carrier.hub.runtime.managers;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.InputLimits;
import com.carrier.hub.runtime.governance.OrgUnits;
import com.carrier.hub.runtime.web.InvalidRequest;

import io.swagger.v3.oas.annotations.Operation;

/**
 * The account managers' work orders (MANAGER touchpoint): reads need VIEWER, an outcome OPERATOR. MSISDNs are shown
 * whole to every signed-in reader, as the campaign's call list shows them: the manager has to call the number. The
 * orders of a confidential campaign are shown only to its own unit and the units above it.
 */
@RestController
@RequestMapping("/api/work-orders")
public class WorkOrdersController {

    /** A manager's outcome of a work order and a note. */
    public record OutcomeRequest(String outcome, String note) {
    }

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final WorkOrders orders;
    private final OrgUnits units;

    public WorkOrdersController(WorkOrders orders, OrgUnits units) {
        this.units = units;
        this.orders = orders;
    }

    @GetMapping
    @Operation(summary = "Work orders newest first, of one manager (?manager=), status (OPEN, DONE) and campaign (?campaign=)"
            + " when given; at most ?limit= (100 by default, up to 1000), the next page with ?before=<nextBefore>")
    public WorkOrders.Page list(@RequestParam(required = false) String manager,
                                @RequestParam(required = false) String status,
                                @RequestParam(required = false) String campaign,
                                @RequestParam(required = false) Long before,
                                @RequestParam(required = false) Integer limit, Principal who) {
        List<FieldError> errors = new ArrayList<>();
        String managerProblem = InputLimits.problem(manager, InputLimits.ID);
        if (managerProblem != null) {
            errors.add(new FieldError("manager", managerProblem));
        }
        String campaignProblem = InputLimits.problem(campaign, InputLimits.ID);
        if (campaignProblem != null) {
            errors.add(new FieldError("campaign", campaignProblem));
        }
        if (status != null && !status.equals("OPEN") && !status.equals("DONE")) {
            errors.add(new FieldError("status", "must be OPEN or DONE"));
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the work order query is not valid", errors);
        }
        return orders.page(manager, status, campaign, before, limit == null ? DEFAULT_LIMIT : limit,
                units.visibleFrom(units.unitOf(who.getName())));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One work order (404 when unknown)")
    public WorkOrders.WorkOrder get(@PathVariable String id, Principal who) {
        return orders.find(id(id), units.visibleFrom(units.unitOf(who.getName()))).orElseThrow(() -> WorkOrders.notFound(id));
    }

    @PostMapping(path = "/{id}/outcome", consumes = "application/json")
    @Operation(summary = "Record the outcome: ACCEPTED or DECLINED (a response, closes the order), UNREACHABLE (closes it),"
            + " NO_ANSWER or CALL_BACK (the order stays OPEN); the same outcome again is a 200 changing nothing, a"
            + " different one on a DONE order a 409 naming the current outcome")
    public WorkOrders.WorkOrder outcome(@PathVariable String id, @RequestBody OutcomeRequest request, Principal who) {
        long orderId = id(id);
        List<FieldError> errors = new ArrayList<>();
        WorkOrders.Outcome outcome = null;
        String allowed = Arrays.toString(WorkOrders.Outcome.values());
        if (request.outcome() == null || request.outcome().isBlank()) {
            errors.add(new FieldError("outcome", "is required: one of " + allowed));
        } else {
            try {
                outcome = WorkOrders.Outcome.valueOf(request.outcome());
            } catch (IllegalArgumentException unknown) {
                String shown = request.outcome().length() > 40 ? request.outcome().substring(0, 40) + "…" : request.outcome();
                errors.add(new FieldError("outcome", "unknown outcome '" + shown + "': one of " + allowed));
            }
        }
        String noteProblem = InputLimits.problem(request.note(), InputLimits.REASON);
        if (noteProblem != null) {
            errors.add(new FieldError("note", noteProblem));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the outcome of work order " + id + " is not valid", errors);
        }
        return orders.recordOutcome(orderId, outcome, request.note(), who.getName());
    }

    /** A work order id; anything that is not one names no order (404). */
    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw WorkOrders.notFound(id.length() > 40 ? id.substring(0, 40) + "…" : id);
        }
    }
}

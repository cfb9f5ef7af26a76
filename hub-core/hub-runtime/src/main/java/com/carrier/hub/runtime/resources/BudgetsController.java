package com.carrier.hub.runtime.resources;

import java.security.Principal;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.governance.OrgUnits;
import com.carrier.hub.runtime.web.InvalidRequest;

import io.swagger.v3.oas.annotations.Operation;

/**
 * Marketing budgets per unit, resource and month (README "Governance"): {@code PUT /api/budgets/{unit}/{resource}/{period}}
 * sets one (ADMIN), {@code GET /api/budgets?unit=&period=} shows how each stands — amount, reserved, consumed,
 * remaining — for the caller's unit and the units below it (VIEWER).
 */
@RestController
@RequestMapping("/api/budgets")
public class BudgetsController {

    /** A budget's body: the amount (whole units of the resource, 0 or more) and an optional comment for the audit. */
    public record BudgetRequest(Long amount, String comment) {
    }

    private final Budgets budgets;
    private final OrgUnits units;
    private final AuditTrail audit;

    public BudgetsController(Budgets budgets, OrgUnits units, AuditTrail audit) {
        this.budgets = budgets;
        this.units = units;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "Budgets and their use (amount, reserved by launched campaigns, consumed by contacts made,"
            + " remaining; amount and remaining null where the unit has no budget: unlimited) of the caller's unit and"
            + " the units below it, optionally of one unit and month (yyyy-MM); 404 for a unit the caller does not see")
    public List<Budgets.Usage> list(@RequestParam(required = false) String unit,
                                    @RequestParam(required = false) String period, Principal who) {
        return budgets.usage(units.unitOf(who.getName()), unit, period);
    }

    @PutMapping("/{unit}/{resource}/{period}")
    @AuditAction("budgets.set")
    @Operation(summary = "Set a unit's budget of a resource (hub.governance.resources) for a month (yyyy-MM):"
            + " {\"amount\": n}; 400 names each wrong field")
    public Budgets.Usage set(@PathVariable String unit, @PathVariable String resource, @PathVariable String period,
                             @RequestBody(required = false) BudgetRequest request, Principal who) {
        if (request == null) {
            throw new InvalidRequest("the budget was not set", List.of(new FieldError("amount", "is required: send {\"amount\": n}")));
        }
        if (request.comment() != null && request.comment().length() > 500) {
            throw new InvalidRequest("the budget was not set", List.of(new FieldError("comment",
                    "must be at most 500 characters, got " + request.comment().length())));
        }
        Budgets.Usage set = budgets.set(unit, resource, period, request.amount(), who.getName());
        audit.change(null, set);
        return set;
    }
}

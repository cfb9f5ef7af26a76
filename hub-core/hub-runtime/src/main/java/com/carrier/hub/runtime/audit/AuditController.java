package com.carrier.hub.runtime.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.InputLimits;
import com.carrier.hub.runtime.web.InvalidRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;

/**
 * {@code GET /api/audit} (ADMIN): the audit trail, newest first. Read only: the API has no way to change or delete an
 * event (PUT, PATCH, DELETE and POST answer 405), and the database refuses it too.
 */
@RestController
@RequestMapping("/api/audit")
public class AuditController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AuditTrail trail;

    public AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping
    @Operation(summary = "Audit events newest first (ADMIN): who, roles, address, action, target, method and path, outcome"
            + " (HTTP status, or OK/REFUSED off HTTP), before/after and detail; at most ?limit= (100 by default, up to"
            + " 1000), the next page with ?before=<nextBefore>",
            parameters = {
                    @Parameter(in = ParameterIn.QUERY, name = "actor",
                            description = "user name, exactly (system for the hub's own actions)"),
                    @Parameter(in = ParameterIn.QUERY, name = "action",
                            description = "start of the action: campaigns. or campaigns.start"),
                    @Parameter(in = ParameterIn.QUERY, name = "target",
                            description = "campaign id, dead-letter id, route file…, exactly"),
                    @Parameter(in = ParameterIn.QUERY, name = "from",
                            description = "ISO instant, inclusive: 2026-01-31T16:00:00Z"),
                    @Parameter(in = ParameterIn.QUERY, name = "to",
                            description = "ISO instant, exclusive"),
                    @Parameter(in = ParameterIn.QUERY, name = "limit",
                            description = "1 to 1000, 100 by default"),
                    @Parameter(in = ParameterIn.QUERY, name = "before",
                            description = "an event id: events older than it (the nextBefore of a page)")})
    public AuditTrail.Page list(HttpServletRequest request) {
        Map<String, String[]> given = request.getParameterMap();
        List<FieldError> errors = new ArrayList<>();
        given.forEach((name, values) -> {
            // an unknown name never gets here: StrictQueryParameters refuses it before the endpoint runs
            if (values.length > 1) {
                errors.add(new FieldError(name, "given " + values.length + " times; give it once"));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the audit query is not valid", errors);
        }
        String actor = text(request, "actor", errors);
        String action = text(request, "action", errors);
        String target = text(request, "target", errors);
        Instant from = instant(request, "from", errors);
        Instant to = instant(request, "to", errors);
        Long before = number(request, "before", 1, Long.MAX_VALUE, errors);
        Long limit = number(request, "limit", 1, MAX_LIMIT, errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("to", "must be after from (" + from + "), was " + to));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the audit query is not valid", errors);
        }
        return trail.find(new AuditTrail.Query(actor, action, target, from, to, before,
                limit == null ? DEFAULT_LIMIT : limit.intValue()));
    }

    private static String text(HttpServletRequest request, String name, List<FieldError> errors) {
        String value = request.getParameter(name);
        String problem = InputLimits.problem(value, InputLimits.REASON);
        if (problem != null) {
            errors.add(new FieldError(name, problem));
        }
        return value == null || value.isEmpty() ? null : value;
    }

    private static Instant instant(HttpServletRequest request, String name, List<FieldError> errors) {
        String value = request.getParameter(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "not an ISO instant (2026-01-31T16:00:00Z): '" + shorten(value) + "'"));
            return null;
        }
    }

    private static Long number(HttpServletRequest request, String name, long min, long max, List<FieldError> errors) {
        String value = request.getParameter(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                errors.add(new FieldError(name, "must be between " + min + " and " + max + ", was " + n));
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "not a whole number: '" + shorten(value) + "'"));
            return null;
        }
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}

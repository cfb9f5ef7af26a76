package com.carrier.hub.runtime.cases;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.InputLimits;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.carrier.hub.runtime.evaluation.EvaluationRollup;
import com.carrier.hub.runtime.evaluation.EvaluationRollupController;
import com.carrier.hub.runtime.web.InvalidRequest;

/**
 * The case library API: {@code GET /api/cases?type=&product=&segment=&minLift=} to find what worked before (and
 * {@code &period=&at=&unit=&touchpoint=} to narrow it to a periodic roll-up group),
 * {@code GET /api/cases/{id}} for one case (scores without their scorers), {@code PUT /api/cases/{id}/self-assessment}
 * by the campaign's owner (or an admin), {@code PUT /api/cases/{id}/score} by a manager (OPERATOR): one score per
 * manager, a second replaces the first. A confidential campaign's case is shown only to its own unit and the units
 * above it: to anyone else it does not exist (README "Governance").
 */
@RestController
@RequestMapping("/api/cases")
public class CasesController {

    /** A manager's score: 1–5 and an optional comment. */
    public record ScoreRequest(Integer score, String comment) {
    }

    /** The owner's self-assessment. */
    public record AssessmentRequest(String text) {
    }

    private static final int MAX_TEXT = InputLimits.TEXT;

    private final CaseLibrary cases;
    private final CampaignService campaigns;
    private final EvaluationRollup rollups;

    public CasesController(CaseLibrary cases, CampaignService campaigns, EvaluationRollup rollups) {
        this.cases = cases;
        this.campaigns = campaigns;
        this.rollups = rollups;
    }

    /**
     * Cases by type, product, segment and minimum lift; with {@code period} and {@code at} (and optionally
     * {@code unit}, {@code touchpoint}) only those whose campaign falls in that roll-up group of
     * {@code GET /api/evaluations/rollup} (README "Periodic evaluation").
     */
    @GetMapping
    public List<CaseLibrary.Summary> search(@RequestParam(required = false) String type,
                                            @RequestParam(required = false) String product,
                                            @RequestParam(required = false) String segment,
                                            @RequestParam(required = false) Double minLift,
                                            @RequestParam(required = false) String period,
                                            @RequestParam(required = false) String at,
                                            @RequestParam(required = false) String unit,
                                            @RequestParam(required = false) String touchpoint, Authentication who) {
        Set<String> inGroup = null;
        if (blank(period) != null || blank(at) != null || blank(unit) != null || blank(touchpoint) != null) {
            List<FieldError> errors = new ArrayList<>();
            EvaluationRollup.Period p = EvaluationRollupController.parse(errors, "period", period,
                    EvaluationRollup.Period::parse);
            LocalDate start = p == null ? null : EvaluationRollupController.parse(errors, "at", at, p::start);
            if (p == null && blank(at) == null) {
                errors.add(new FieldError("at", "is required with period, unit or touchpoint"));
            }
            if (!errors.isEmpty()) {
                throw new InvalidRequest("the case library's roll-up filter is wrong", errors);
            }
            inGroup = rollups.campaigns(p, start, blank(unit), blank(type), blank(product), blank(touchpoint));
        }
        return cases.search(blank(type), blank(product), blank(segment), minLift, inGroup).stream()
                .filter(c -> campaigns.mayName(c.campaignId(), who.getName())).toList();
    }

    @GetMapping("/{id}")
    public CaseLibrary.Case get(@PathVariable String id, Authentication who) {
        if (!campaigns.mayName(id, who.getName())) {
            throw notFound(id);
        }
        return cases.find(id).orElseThrow(() -> notFound(id));
    }

    @PutMapping("/{id}/score")
    public Map<String, Object> score(@PathVariable String id, @RequestBody ScoreRequest request, Authentication who) {
        List<FieldError> errors = new ArrayList<>();
        if (request.score() == null) {
            errors.add(new FieldError("score", "is required (1–5)"));
        } else if (request.score() < 1 || request.score() > 5) {
            errors.add(new FieldError("score", "must be between 1 and 5, was " + request.score()));
        }
        if (request.comment() != null && request.comment().length() > MAX_TEXT) {
            errors.add(new FieldError("comment", "is longer than " + MAX_TEXT + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("score of case " + id + " is invalid", errors);
        }
        if (cases.owner(id).isEmpty() || !campaigns.mayName(id, who.getName())) {
            throw notFound(id);
        }
        boolean replaced = cases.score(id, who.getName(), request.score(), request.comment());
        return Map.of("campaignId", id, "replacedEarlierScore", replaced);
    }

    @PutMapping("/{id}/self-assessment")
    public Map<String, Object> assess(@PathVariable String id, @RequestBody AssessmentRequest request, Authentication who) {
        if (request.text() == null || request.text().isBlank()) {
            throw new InvalidRequest("self-assessment of case " + id + " is invalid",
                    List.of(new FieldError("text", "is required")));
        }
        if (request.text().length() > MAX_TEXT) {
            throw new InvalidRequest("self-assessment of case " + id + " is invalid",
                    List.of(new FieldError("text", "is longer than " + MAX_TEXT + " characters")));
        }
        String owner = cases.owner(id).filter(o -> campaigns.mayName(id, who.getName())).orElseThrow(() -> notFound(id));
        boolean admin = who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
        if (!owner.equals(who.getName()) && !admin) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "case " + id + ": only the campaign's owner (or an admin) writes its self-assessment");
        }
        cases.assess(id, request.text());
        return Map.of("campaignId", id);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "case " + id + " does not exist (a campaign becomes a"
                + " case once it is COMPLETED and its response window has closed)");
    }
}

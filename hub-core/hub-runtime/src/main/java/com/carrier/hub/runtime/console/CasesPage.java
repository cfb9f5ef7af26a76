package com.carrier.hub.runtime.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.cases.CaseLibrary;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Case library ({@code /console/cases}): completed campaigns with a frozen evaluation, searched by type, product,
 * segment and least lift as {@code GET /api/cases} is; a case's page with its evaluation summary (the funnel, the
 * conversion of treatment and control, the lift with its p-value and interval), the owner's self-assessment and the
 * managers' anonymous scores. The rules are the API's ({@link CaseLibrary}): an OPERATOR scores 1–5 with a comment (a
 * second score replaces the first; scorers are never shown), the campaign's owner or an ADMIN writes the
 * self-assessment. Audited as {@code cases.score} and {@code cases.self-assessment}.
 */
@Controller
public class CasesPage {

    /** The page's path. */
    static final String PATH = "/console/cases";

    /** The search as given, for the form. */
    public record Search(String type, String product, String segment, String minLift) {
    }

    /** A case's score form as given, for showing it again beside its errors. */
    public record ScoreForm(String score, String comment) {
    }

    private final CaseLibrary cases;
    private final ObjectMapper json;

    public CasesPage(CaseLibrary cases, ObjectMapper json) {
        this.cases = cases;
        this.json = json;
    }

    @GetMapping(PATH)
    public String search(HttpServletRequest request, HttpServletResponse response, Model model) {
        ConsoleForms.onlyParameters(request, Set.of("type", "product", "segment", "minLift"));
        Search search = new Search(ConsoleForms.blankToNull(request.getParameter("type")),
                ConsoleForms.blankToNull(request.getParameter("product")),
                ConsoleForms.blankToNull(request.getParameter("segment")),
                ConsoleForms.blankToNull(request.getParameter("minLift")));
        Map<String, String> errors = new LinkedHashMap<>();
        if (search.type() != null && Arrays.stream(CampaignDefinition.Type.values())
                .noneMatch(t -> t.name().equals(search.type()))) {
            errors.put("type", ConsoleForms.shorten(search.type()));
        }
        for (String[] field : new String[][] {{"product", search.product()}, {"segment", search.segment()}}) {
            if (InputLimits.problem(field[1], InputLimits.ID) != null) {
                errors.put(field[0], ConsoleForms.shorten(field[1]));
            }
        }
        Double minLift = null;
        if (search.minLift() != null) {
            try {
                minLift = Double.valueOf(search.minLift());
                if (minLift.isNaN() || minLift.isInfinite()) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                errors.put("minLift", ConsoleForms.shorten(search.minLift()));
            }
        }
        model.addAttribute("search", search);
        model.addAttribute("types", CampaignDefinition.Type.values());
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("errors", errors);
            model.addAttribute("cases", List.of());
            return "console/cases";
        }
        model.addAttribute("cases", cases.search(search.type(), search.product(), search.segment(), minLift));
        return "console/cases";
    }

    @GetMapping(PATH + "/{id}")
    public String show(@PathVariable String id, Authentication who, Model model) {
        CaseLibrary.Case found = cases.find(id).orElseThrow(() -> notFound(id));
        model.addAttribute("kase", found);
        Evaluation.Funnel total = funnel(found.evaluation() == null ? null : found.evaluation().get("total"));
        model.addAttribute("total", total);
        // the total first, then each channel × segment
        List<Evaluation.Funnel> funnels = new ArrayList<>();
        if (total != null) {
            funnels.add(total);
        }
        JsonNode rows = found.evaluation() == null ? null : found.evaluation().get("breakdown");
        if (rows != null && rows.isArray()) {
            rows.forEach(r -> {
                Evaluation.Funnel f = funnel(r);
                if (f != null && total != null) {
                    funnels.add(f);
                }
            });
        }
        model.addAttribute("funnels", funnels);
        model.addAttribute("mayAssess", mayAssess(found.owner(), who));
        model.addAttribute("time", RoutesPage.TIME);
        if (!model.containsAttribute("scoreForm")) {
            model.addAttribute("scoreForm", new ScoreForm(null, null));
        }
        return "console/case";
    }

    @PostMapping(PATH + "/{id}/score")
    @AuditAction("cases.score")
    public String score(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
                        Authentication who, Model model, RedirectAttributes redirect) {
        ConsoleForms.onlyParameters(request, Set.of("score", "comment"));
        String scoreText = ConsoleForms.blankToNull(request.getParameter("score"));
        String comment = ConsoleForms.blankToNull(request.getParameter("comment"));
        Map<String, String> errors = new LinkedHashMap<>();
        Integer score = null;
        if (scoreText == null) {
            errors.put("score", "cases.error.scoreMissing");
        } else {
            try {
                score = Integer.valueOf(scoreText);
            } catch (NumberFormatException e) {
                score = null;
            }
            if (score == null || score < 1 || score > 5) {
                errors.put("score", "cases.error.score");
            }
        }
        String problem = InputLimits.problem(comment, InputLimits.TEXT);
        if (problem != null) {
            errors.put("comment", comment.indexOf('\u0000') >= 0 ? "cases.error.nul" : "cases.error.length");
        }
        if (cases.owner(id).isEmpty()) {
            throw notFound(id);
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("scoreErrors", errors);
            model.addAttribute("scoreForm", new ScoreForm(scoreText == null ? null : ConsoleForms.shorten(scoreText),
                    errors.containsKey("comment") ? null : comment));
            return show(id, who, model);
        }
        boolean replaced = cases.score(id, who.getName(), score, comment);
        redirect.addFlashAttribute("done", replaced ? "cases.scoreReplaced" : "cases.scored");
        return "redirect:" + PATH + "/" + id;
    }

    @PostMapping(PATH + "/{id}/self-assessment")
    @AuditAction("cases.self-assessment")
    public String assess(@PathVariable String id, HttpServletRequest request, HttpServletResponse response,
                         Authentication who, Model model, RedirectAttributes redirect) {
        ConsoleForms.onlyParameters(request, Set.of("text"));
        String text = ConsoleForms.blankToNull(request.getParameter("text"));
        String owner = cases.owner(id).orElseThrow(() -> notFound(id));
        if (!mayAssess(owner, who)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "case " + id + ": only the campaign's owner (or an admin) writes its self-assessment");
        }
        String error = text == null ? "cases.error.textMissing"
                : text.indexOf('\u0000') >= 0 ? "cases.error.nul"
                : InputLimits.problem(text, InputLimits.TEXT) != null ? "cases.error.length" : null;
        if (error != null) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("assessError", error);
            return show(id, who, model);
        }
        cases.assess(id, text);
        redirect.addFlashAttribute("done", "cases.assessed");
        return "redirect:" + PATH + "/" + id;
    }

    /** The API's rule: the campaign's owner, or an ADMIN. */
    private static boolean mayAssess(String owner, Authentication who) {
        return who != null && (who.getName().equals(owner)
                || who.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority())));
    }

    private Evaluation.Funnel funnel(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return json.treeToValue(node, Evaluation.Funnel.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // a case frozen by an older hub: its figures are still in the definition's JSON, the summary is left out
            return null;
        }
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "case " + ConsoleForms.shorten(id) + " does not exist"
                + " (a campaign becomes a case once it is COMPLETED and its response window has closed)");
    }
}

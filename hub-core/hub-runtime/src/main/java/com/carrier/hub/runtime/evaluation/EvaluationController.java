package com.carrier.hub.runtime.evaluation;

import java.security.Principal;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.runtime.campaign.CampaignService;

/**
 * {@code GET /api/campaigns/{id}/evaluation}: the evaluation of §7.3 as JSON, or as CSV ({@code Accept: text/csv} or
 * {@code ?format=csv}; the columns of {@link EvaluationTable}). Like the campaign, it is seen only by the campaign's
 * own organisation unit and those above it (404 for anyone else).
 */
@RestController
public class EvaluationController {

    private final EvaluationService evaluations;
    private final CampaignService campaigns;

    public EvaluationController(EvaluationService evaluations, CampaignService campaigns) {
        this.evaluations = evaluations;
        this.campaigns = campaigns;
    }

    /** JSON unless the client asks for CSV ({@code Accept: text/csv} or {@code ?format=csv}). */
    @GetMapping("/api/campaigns/{id}/evaluation")
    public ResponseEntity<?> get(@PathVariable String id,
                                 @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                                 @RequestParam(required = false) String format, Principal who) {
        campaigns.get(id, who.getName());
        Evaluation e = find(id);
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(e);
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"evaluation-" + id + ".csv\"").body(EvaluationTable.csv(e));
    }

    private Evaluation find(String id) {
        return evaluations.evaluation(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "campaign " + id + " does not exist"));
    }
}

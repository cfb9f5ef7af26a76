package com.carrier.hub.runtime.evaluation;

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

/**
 * {@code GET /api/campaigns/{id}/evaluation}: the evaluation of §7.3 as JSON, or as CSV ({@code Accept: text/csv} or
 * {@code ?format=csv}; the columns of {@link EvaluationTable}).
 */
@RestController
public class EvaluationController {

    private final EvaluationService evaluations;

    public EvaluationController(EvaluationService evaluations) {
        this.evaluations = evaluations;
    }

    /** JSON unless the client asks for CSV ({@code Accept: text/csv} or {@code ?format=csv}). */
    @GetMapping("/api/campaigns/{id}/evaluation")
    public ResponseEntity<?> get(@PathVariable String id,
                                 @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                                 @RequestParam(required = false) String format) {
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

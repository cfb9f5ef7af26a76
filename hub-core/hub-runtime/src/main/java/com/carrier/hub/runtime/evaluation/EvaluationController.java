package com.carrier.hub.runtime.evaluation;

import java.util.ArrayList;
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

/**
 * {@code GET /api/campaigns/{id}/evaluation}: the evaluation of §7.3 as JSON, or as CSV ({@code Accept: text/csv} or
 * {@code ?format=csv}).
 */
@RestController
public class EvaluationController {

    /** The CSV columns, one row per channel × segment and a last row ALL|ALL for the whole campaign. */
    public static final List<String> CSV_COLUMNS = List.of("campaign_id", "channel", "segment", "targeted", "excluded",
            "treatment", "control", "sent", "delivered", "responded", "ordered_treatment", "ordered_control",
            "conversion_treatment", "conversion_control", "lift_absolute", "lift_relative", "z", "p_value", "ci_low",
            "ci_high", "not_measurable");

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
        StringBuilder out = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (List<String> row : rows(e)) {
            out.append(String.join(",", row.stream().map(EvaluationController::csvValue).toList())).append('\n');
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"evaluation-" + id + ".csv\"").body(out.toString());
    }

    /** The evaluation's rows in {@link #CSV_COLUMNS} order (also the EVAL feed's content). */
    public static List<List<String>> rows(Evaluation e) {
        List<List<String>> rows = new ArrayList<>();
        for (Evaluation.Funnel f : e.breakdown()) {
            rows.add(row(e.campaignId(), f));
        }
        rows.add(row(e.campaignId(), e.total()));
        return rows;
    }

    private static List<String> row(String id, Evaluation.Funnel f) {
        Lift l = f.lift();
        return List.of(id, f.channel(), f.segment(), n(f.targeted()), n(f.excluded()), n(f.treatment()), n(f.control()),
                n(f.sent()), n(f.delivered()), n(f.responded()), n(f.orderedTreatment()), n(f.orderedControl()),
                d(f.conversionTreatment()), d(f.conversionControl()), d(l.absolute()), d(l.relative()), d(l.z()),
                d(l.pValue()), d(l.ciLow()), d(l.ciHigh()), l.notMeasurable() == null ? "" : l.notMeasurable());
    }

    private static String n(long v) {
        return Long.toString(v);
    }

    private static String d(Double v) {
        return v == null ? "" : String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    private static String csvValue(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private Evaluation find(String id) {
        return evaluations.evaluation(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "campaign " + id + " does not exist"));
    }
}

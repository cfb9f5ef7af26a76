package com.carrier.hub.runtime.evaluation;

import java.security.Principal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.governance.OrgUnits;
import com.carrier.hub.runtime.web.InvalidRequest;

/**
 * {@code GET /api/evaluations/rollup?period=MONTH|QUARTER|YEAR&at=2026-11&by=unit|type|product|touchpoint}: the
 * periodic roll-up of {@link EvaluationRollup} as JSON, or as CSV ({@code Accept: text/csv} or {@code ?format=csv};
 * the columns of {@link EvaluationRollupTable}, as in the EVAL_PERIOD feed). It counts only the campaigns the caller's
 * unit sees, as for campaigns: its own and those of the units below it.
 */
@RestController
public class EvaluationRollupController {

    private final EvaluationRollup rollups;
    private final OrgUnits units;

    public EvaluationRollupController(EvaluationRollup rollups, OrgUnits units) {
        this.rollups = rollups;
        this.units = units;
    }

    @GetMapping("/api/evaluations/rollup")
    public ResponseEntity<?> rollup(@RequestParam(required = false) String period,
                                    @RequestParam(required = false) String at,
                                    @RequestParam(required = false) String by,
                                    @RequestParam(required = false) String format,
                                    @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                                    Principal who) {
        List<FieldError> errors = new ArrayList<>();
        EvaluationRollup.Period p = parse(errors, "period", period, EvaluationRollup.Period::parse);
        EvaluationRollup.By b = parse(errors, "by", by, EvaluationRollup.By::parse);
        LocalDate start = p == null ? null : parse(errors, "at", at, p::start);
        if (format != null && !format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json")) {
            errors.add(new FieldError("format", "'" + format + "' is not a format; expected csv or json"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the roll-up's parameters are wrong", errors);
        }
        List<EvaluationRollup.Group> groups = rollups.rollup(p, start, b, units.visibleFrom(units.unitOf(who.getName())));
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (!csv) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(groups);
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"evaluation-rollup-" + p.label(start) + "-"
                        + b.key() + ".csv\"").body(EvaluationRollupTable.csv(groups));
    }

    /** Parses a required parameter, adding an error naming it when it is missing or wrong. */
    public static <T> T parse(List<FieldError> errors, String name, String value, java.util.function.Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(name, "is required"));
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, e.getMessage()));
            return null;
        }
    }
}

package com.carrier.hub.runtime.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation as a table, defined once for its two readers: the CSV of {@code GET /api/campaigns/{id}/evaluation}
 * and the warehouse's EVAL feed (PEERS.md §2.2). One row per channel × segment and a last row ALL|ALL for the whole
 * campaign; counts as integers, rates and statistics with six significant digits, empty where not measurable.
 */
public final class EvaluationTable {

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("campaign_id", "channel", "segment", "targeted", "excluded",
            "treatment", "control", "sent", "delivered", "responded", "ordered_treatment", "ordered_control",
            "conversion_treatment", "conversion_control", "lift_absolute", "lift_relative", "z", "p_value", "ci_low",
            "ci_high", "not_measurable");

    private EvaluationTable() {
    }

    /** The evaluation's rows in {@link #COLUMNS} order. */
    public static List<List<String>> rows(Evaluation e) {
        List<List<String>> rows = new ArrayList<>();
        for (Evaluation.Funnel f : e.breakdown()) {
            rows.add(row(e.campaignId(), f));
        }
        rows.add(row(e.campaignId(), e.total()));
        return rows;
    }

    /** The evaluation as CSV: a header of {@link #COLUMNS}, then {@link #rows}; a value with a comma or quote is quoted. */
    public static String csv(Evaluation e) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (List<String> row : rows(e)) {
            out.append(String.join(",", row.stream().map(EvaluationTable::csvValue).toList())).append('\n');
        }
        return out.toString();
    }

    private static String csvValue(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
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
        return v == null ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}

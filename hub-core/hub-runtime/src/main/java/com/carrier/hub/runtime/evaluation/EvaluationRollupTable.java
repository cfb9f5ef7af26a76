package com.carrier.hub.runtime.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The periodic roll-up as a table, defined once for its two readers: the CSV of {@code GET /api/evaluations/rollup}
 * and the warehouse's EVAL_PERIOD feed (README "Periodic evaluation", extending PEERS.md §2.2). One row per period ×
 * grouping × group; counts as integers, the weighted lift with six significant digits, empty where no campaign of the
 * group had a measurable lift.
 */
public final class EvaluationRollupTable {

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("period", "by", "group", "campaigns", "contacts", "responses",
            "orders_treatment", "orders_control", "lift_weighted", "lift_campaigns");

    private EvaluationRollupTable() {
    }

    /** The groups' rows in {@link #COLUMNS} order. */
    public static List<List<String>> rows(List<EvaluationRollup.Group> groups) {
        List<List<String>> rows = new ArrayList<>();
        for (EvaluationRollup.Group g : groups) {
            rows.add(List.of(g.period(), g.by(), g.group(), n(g.campaigns()), n(g.contacts()), n(g.responses()),
                    n(g.ordersTreatment()), n(g.ordersControl()),
                    g.lift() == null ? "" : String.format(Locale.ROOT, "%.6g", g.lift()), n(g.liftCampaigns())));
        }
        return rows;
    }

    /** The groups as CSV: a header of {@link #COLUMNS}, then {@link #rows}; a value with a comma or quote is quoted. */
    public static String csv(List<EvaluationRollup.Group> groups) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (List<String> row : rows(groups)) {
            out.append(String.join(",", row.stream().map(EvaluationRollupTable::csvValue).toList())).append('\n');
        }
        return out.toString();
    }

    private static String csvValue(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static String n(long v) {
        return Long.toString(v);
    }
}

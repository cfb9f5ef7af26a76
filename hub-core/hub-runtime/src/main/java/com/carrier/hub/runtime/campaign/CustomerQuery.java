package com.carrier.hub.runtime.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.InputLimits;

/**
 * A structured selection over the customer index — the carrier platform's "query" way of choosing targets. Every
 * criterion is optional; those given are combined with AND; lists mean "any of". No SQL comes from users: each field
 * maps to one fixed, parameterised condition.
 *
 * @param brands          GOTONE, MZONE, EASYOWN, OTHER
 * @param cities          city codes (3-4 digits)
 * @param customerClasses 1-5
 * @param plans           main tariff plan ids
 * @param statuses        1 normal, 2 suspended, 3 closed (default: 1 only)
 * @param handsetModels   handset models, compared ignoring case and spaces
 * @param arpuMinFen      lowest 3-month ARPU, in fen
 * @param arpuMaxFen      highest 3-month ARPU, in fen
 * @param holdsProducts   the customer holds every one of these
 * @param lacksProducts   the customer holds none of these
 * @param all             {@code true} to select every customer (of the statuses given): a query with no other
 *                        criterion is refused without it, so an empty or mistyped query never selects everyone
 */
public record CustomerQuery(List<String> brands, List<String> cities, List<Integer> customerClasses, List<String> plans,
                            List<Integer> statuses, List<String> handsetModels, Long arpuMinFen, Long arpuMaxFen,
                            List<String> holdsProducts, List<String> lacksProducts, Boolean all) {

    private static final Set<String> BRANDS = Set.of("GOTONE", "MZONE", "EASYOWN", "OTHER");

    /** The SQL and its parameters: a SELECT of msisdn from the customer index. */
    public record Sql(String text, List<Object> parameters) {
    }

    public List<FieldError> validate() {
        List<FieldError> errors = new ArrayList<>();
        boolean narrowed = given(brands) || given(cities) || given(customerClasses) || given(plans) || given(handsetModels)
                || arpuMinFen != null || arpuMaxFen != null || given(holdsProducts) || given(lacksProducts);
        if (!narrowed && !Boolean.TRUE.equals(all)) {
            errors.add(new FieldError("all", "the query has no criterion and would select every customer: give criteria,"
                    + " or \"all\": true to mean everyone"));
        } else if (narrowed && Boolean.TRUE.equals(all)) {
            errors.add(new FieldError("all", "\"all\": true selects every customer; leave it out when giving criteria"));
        }
        ids(plans, "plans", errors);
        ids(handsetModels, "handsetModels", errors);
        ids(holdsProducts, "holdsProducts", errors);
        ids(lacksProducts, "lacksProducts", errors);
        each(brands, "brands", b -> BRANDS.contains(b), "must be one of " + BRANDS, errors);
        each(cities, "cities", c -> c != null && c.matches("[0-9]{3,4}"), "must be 3-4 digits", errors);
        each(customerClasses, "customerClasses", c -> c != null && c >= 1 && c <= 5, "must be 1-5", errors);
        each(statuses, "statuses", s -> s != null && s >= 1 && s <= 3, "must be 1, 2 or 3", errors);
        if (arpuMinFen != null && arpuMinFen < 0) {
            errors.add(new FieldError("arpuMinFen", "must be 0 or more"));
        }
        if (arpuMinFen != null && arpuMaxFen != null && arpuMaxFen < arpuMinFen) {
            errors.add(new FieldError("arpuMaxFen", "must not be below arpuMinFen (" + arpuMinFen + ")"));
        }
        return errors;
    }

    public Sql toSql() {
        StringBuilder sql = new StringBuilder("SELECT c.msisdn FROM customer c WHERE NOT c.deleted");
        List<Object> params = new ArrayList<>();
        any(sql, params, "c.brand", brands);
        any(sql, params, "c.city_code", cities);
        any(sql, params, "c.customer_class", customerClasses);
        any(sql, params, "c.plan_id", plans);
        any(sql, params, "c.status", statuses == null || statuses.isEmpty() ? List.of(1) : statuses);
        if (handsetModels != null && !handsetModels.isEmpty()) {
            sql.append(" AND lower(replace(c.handset_model, ' ', '')) = ANY (?)");
            params.add(handsetModels.stream().map(m -> m.replace(" ", "").toLowerCase()).toArray(String[]::new));
        }
        if (arpuMinFen != null) {
            sql.append(" AND c.arpu_3m_fen >= ?");
            params.add(arpuMinFen);
        }
        if (arpuMaxFen != null) {
            sql.append(" AND c.arpu_3m_fen <= ?");
            params.add(arpuMaxFen);
        }
        if (holdsProducts != null) {
            for (String p : holdsProducts) {
                sql.append(" AND EXISTS (SELECT 1 FROM holding h WHERE h.msisdn = c.msisdn AND h.product_id = ?)");
                params.add(p);
            }
        }
        if (lacksProducts != null && !lacksProducts.isEmpty()) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM holding h WHERE h.msisdn = c.msisdn AND h.product_id = ANY (?))");
            params.add(lacksProducts.toArray(String[]::new));
        }
        sql.append(" ORDER BY c.msisdn");
        return new Sql(sql.toString(), params);
    }

    /** Free-text ids: no null, none over {@link InputLimits#ID} or with U+0000. */
    private static void ids(List<String> values, String field, List<FieldError> errors) {
        for (int i = 0; values != null && i < values.size(); i++) {
            String problem = values.get(i) == null ? "must not be null" : InputLimits.problem(values.get(i), InputLimits.ID);
            if (problem != null) {
                errors.add(new FieldError(field + "[" + i + "]", problem));
            }
        }
    }

    private static boolean given(List<?> values) {
        return values != null && !values.isEmpty();
    }

    private static void any(StringBuilder sql, List<Object> params, String column, List<?> values) {
        if (values != null && !values.isEmpty()) {
            sql.append(" AND ").append(column).append(" = ANY (?)");
            params.add(values.get(0) instanceof Integer ? values.stream().map(v -> ((Integer) v).shortValue()).toArray(Short[]::new)
                    : values.stream().map(String::valueOf).toArray(String[]::new));
        }
    }

    private static <T> void each(List<T> values, String field, java.util.function.Predicate<T> ok, String message,
                                 List<FieldError> errors) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!ok.test(values.get(i))) {
                errors.add(new FieldError(field + "[" + i + "]", message + ", got '" + values.get(i) + "'"));
            }
        }
    }
}

package com.carrier.hub.runtime.resources;

import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.governance.OrgUnits;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Marketing resources and the units' budgets of them (README "Governance", "Marketing resources").
 *
 * <p>A unit's budget of a resource is set per month (Asia/Shanghai). What it has used is the contacts its campaigns
 * made on the resource's touchpoint that month times the resource's per-contact amount ({@code campaign_contact}). A
 * campaign that is scheduled or started reserves its planned consumption — its decided treatment contacts not yet made
 * on that touchpoint, in the month each falls due (its start, or later {@code not_before}, and not before now) — and the
 * part of it not yet consumed is held against the budget until the campaign completes or is cancelled. The check and
 * the reservation run in the launch's transaction with the unit's budget rows locked ({@code SELECT … FOR UPDATE}), so
 * two campaigns launched at once queue on the row and cannot both take the last of it. A unit without a budget for a
 * resource and month uses it without limit (its campaigns still record their reservations, shown in the usage).
 */
@Service
public class Budgets {

    /** Budgets count calendar months where the carrier does. */
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** A month, as the API names it. */
    static final String PERIOD_PATTERN = "\\d{4}-(0[1-9]|1[0-2])";

    /** The most a budget may hold (a safety net for typing errors; far above any province's figures). */
    static final long MAX_AMOUNT = 1_000_000_000_000L;

    /**
     * One unit's budget of one resource for one month and how it stands; {@code amount} and {@code remaining} are null
     * where the unit has no budget (unlimited), and are shown so.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Usage(String unit, String resource, String touchpoint, String unitLabel, String period, Long amount,
                        long reserved, long consumed, Long remaining) {
    }

    private final JdbcTemplate jdbc;
    private final ResourcesProperties properties;
    private final OrgUnits units;

    public Budgets(JdbcTemplate jdbc, ResourcesProperties properties, OrgUnits units) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.units = units;
    }

    /** The resources of the settings, by name. */
    public Map<String, ResourcesProperties.Resource> resources() {
        return new TreeMap<>(properties.getResources());
    }

    /**
     * Sets a unit's budget of a resource for a month (0 allows nothing). 400 names each wrong field: an unknown unit or
     * resource, a month that is not {@code yyyy-MM}, a missing or negative amount; 403 for a unit that is neither the
     * actor's nor below it.
     */
    @Transactional
    public Usage set(String unit, String resource, String period, Long amount, String actor) {
        String own = units.unitOf(actor);
        List<FieldError> errors = new ArrayList<>();
        checkUnit("unit", unit, errors);
        checkResource("resource", resource, errors);
        checkPeriod("period", period, errors);
        if (amount == null) {
            errors.add(new FieldError("amount", "is required: the budget, a whole number of " + label(resource) + " (0 or more)"));
        } else if (amount < 0 || amount > MAX_AMOUNT) {
            errors.add(new FieldError("amount", "must be from 0 to " + MAX_AMOUNT + ", got " + amount));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the budget was not set: " + errors.size() + " field(s) are wrong", errors);
        }
        if (!units.sees(own, unit)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, actor + " belongs to unit " + own + " and may set the"
                    + " budgets of that unit and the units below it, not of " + unit);
        }
        jdbc.update("""
                INSERT INTO marketing_budget (unit_code, resource, period, amount, updated_by) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (unit_code, resource, period) DO UPDATE SET amount = excluded.amount,
                       updated_by = excluded.updated_by, updated_at = now()""", unit, resource, period, amount, actor);
        return usage(unit, resource, period, amount);
    }

    /**
     * The budgets and reservations of the units a member of {@code viewerUnit} sees (its own and those below it),
     * optionally of one unit and one month: 404 for a unit the viewer does not see, as for its campaigns.
     */
    public List<Usage> usage(String viewerUnit, String unit, String period) {
        List<FieldError> errors = new ArrayList<>();
        if (unit != null) {
            checkText("unit", unit, errors);
        }
        if (period != null) {
            checkPeriod("period", period, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the budgets cannot be listed: " + errors.size() + " parameter(s) are wrong", errors);
        }
        Set<String> visible = units.visibleFrom(viewerUnit);
        if (unit != null && !visible.contains(unit)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unit " + unit + " is not known to the hub"
                    + " (or not one of unit " + viewerUnit + " and the units below it)");
        }
        String[] scope = unit != null ? new String[] {unit} : visible.toArray(String[]::new);
        Map<List<String>, Long> rows = new LinkedHashMap<>();
        jdbc.query("""
                SELECT unit_code, resource, period, max(amount) FROM (
                    SELECT unit_code, resource, period, amount FROM marketing_budget
                    UNION ALL
                    SELECT unit_code, resource, period, NULL FROM budget_reservation) r
                WHERE unit_code = ANY (?::text[]) AND (?::text IS NULL OR period = ?)
                GROUP BY unit_code, resource, period ORDER BY period DESC, unit_code, resource""", rs -> {
            long amount = rs.getLong(4);
            Long budget = rs.wasNull() ? null : amount;
            rows.put(List.of(rs.getString(1), rs.getString(2), rs.getString(3)), budget);
        }, scope, period, period);
        List<Usage> usage = new ArrayList<>();
        rows.forEach((k, amount) -> {
            if (properties.getResources().containsKey(k.get(1))) {
                usage.add(usage(k.get(0), k.get(1), k.get(2), amount));
            }
        });
        return usage;
    }

    /**
     * Reserves a campaign's planned consumption against its unit's budgets, or refuses the launch with every resource
     * and month short ({@link BudgetExceeded}); runs in the caller's transaction (the launch's), which it must share so
     * that a refusal undoes the launch. A campaign launched again (started after being scheduled) holds what it plans
     * now instead of what it planned then.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reserve(String campaignId, String unit) {
        Map<String, ResourcesProperties.Resource> resources = resources();
        // planned contacts by touchpoint and month, then the resources consumed on them
        Map<List<String>, Long> planned = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        List<String> touchpoints = resources.values().stream().map(ResourcesProperties.Resource::getTouchpoint).distinct().toList();
        Map<List<String>, Long> byTouchpoint = new LinkedHashMap<>();
        jdbc.query("""
                SELECT cc.channel, to_char(greatest(now(), c.start_at, cc.not_before) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'),
                       count(*)
                FROM campaign_contact cc JOIN campaign c ON c.id = cc.campaign_id
                WHERE cc.campaign_id = ? AND cc.grp = 'T' AND cc.status IN ('PENDING', 'DEFERRED', 'CLAIMED', 'SUBMITTING')
                  AND cc.channel = ANY (?::text[])
                GROUP BY 1, 2""", rs -> {
            byTouchpoint.put(List.of(rs.getString(1), rs.getString(2)), rs.getLong(3));
        }, campaignId, touchpoints.toArray(String[]::new));
        resources.forEach((name, r) -> byTouchpoint.forEach((k, contacts) -> {
            if (k.get(0).equals(r.getTouchpoint())) {
                planned.put(List.of(name, k.get(1)), contacts * r.getPerContact());
            }
        }));
        // the budget rows first, in one order, so concurrent launches queue rather than deadlock
        Map<List<String>, Long> budgets = new LinkedHashMap<>();
        for (List<String> k : planned.keySet()) {
            jdbc.queryForList("SELECT amount FROM marketing_budget WHERE unit_code = ? AND resource = ? AND period = ? FOR UPDATE",
                    Long.class, unit, k.get(0), k.get(1)).stream().findFirst().ifPresent(a -> budgets.put(k, a));
        }
        // what it held before is given back and taken again as planned now
        jdbc.update("UPDATE budget_reservation SET released_at = now() WHERE campaign_id = ? AND released_at IS NULL", campaignId);
        List<BudgetExceeded.Shortfall> shortOf = new ArrayList<>();
        planned.forEach((k, needed) -> {
            Long amount = budgets.get(k);
            if (amount == null || needed == 0) {
                return;
            }
            Usage now = usage(unit, k.get(0), k.get(1), amount);
            if (needed > now.remaining()) {
                shortOf.add(new BudgetExceeded.Shortfall(k.get(0), unit, k.get(1), needed, Math.max(0, now.remaining()),
                        resources.get(k.get(0)).getUnitLabel()));
            }
        });
        if (!shortOf.isEmpty()) {
            BudgetExceeded.Shortfall first = shortOf.get(0);
            throw new BudgetExceeded("campaign " + campaignId + " would exceed unit " + unit + "'s budget: it needs "
                    + first.needed() + " " + first.unitLabel() + " of " + first.resource() + " in " + first.period()
                    + ", " + first.remaining() + " remain" + (shortOf.size() > 1 ? " (and " + (shortOf.size() - 1)
                    + " more resource(s) or month(s) short)" : ""), shortOf);
        }
        planned.forEach((k, needed) -> {
            ResourcesProperties.Resource r = resources.get(k.get(0));
            long made = consumedBy(campaignId, r, k.get(1));
            jdbc.update("""
                    INSERT INTO budget_reservation (campaign_id, unit_code, resource, period, amount) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (campaign_id, resource, period) DO UPDATE SET unit_code = excluded.unit_code,
                           amount = excluded.amount, reserved_at = now(), released_at = NULL""",
                    campaignId, unit, k.get(0), k.get(1), made + needed);
        });
    }

    /** Gives back what a completed or cancelled campaign held and did not consume (what it consumed stays used). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(String campaignId) {
        jdbc.update("UPDATE budget_reservation SET released_at = now() WHERE campaign_id = ? AND released_at IS NULL", campaignId);
    }

    private Usage usage(String unit, String resource, String period, Long amount) {
        ResourcesProperties.Resource r = properties.getResources().get(resource);
        Timestamp[] month = month(period);
        Long consumed = jdbc.queryForObject("""
                SELECT count(*) FROM campaign_contact cc
                WHERE cc.campaign_id IN (SELECT c.id FROM campaign c WHERE coalesce(c.unit_code,
                          (SELECT code FROM org_unit WHERE parent_code IS NULL LIMIT 1)) = ?)
                  AND cc.channel = ? AND cc.contacted_at >= ? AND cc.contacted_at < ?""",
                Long.class, unit, r.getTouchpoint(), month[0], month[1]);
        Long held = jdbc.queryForObject("""
                SELECT coalesce(sum(greatest(0, r.amount - ? * (SELECT count(*) FROM campaign_contact cc
                           WHERE cc.campaign_id = r.campaign_id AND cc.channel = ?
                             AND cc.contacted_at >= ? AND cc.contacted_at < ?))), 0)
                FROM budget_reservation r
                WHERE r.unit_code = ? AND r.resource = ? AND r.period = ? AND r.released_at IS NULL""",
                Long.class, r.getPerContact(), r.getTouchpoint(), month[0], month[1], unit, resource, period);
        long used = consumed * r.getPerContact();
        return new Usage(unit, resource, r.getTouchpoint(), r.getUnitLabel(), period, amount, held, used,
                amount == null ? null : amount - used - held);
    }

    private long consumedBy(String campaignId, ResourcesProperties.Resource r, String period) {
        Timestamp[] month = month(period);
        return r.getPerContact() * jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?"
                + " AND channel = ? AND contacted_at >= ? AND contacted_at < ?", Long.class, campaignId, r.getTouchpoint(),
                month[0], month[1]);
    }

    private static Timestamp[] month(String period) {
        YearMonth m = YearMonth.parse(period);
        return new Timestamp[] {Timestamp.from(m.atDay(1).atStartOfDay(SHANGHAI).toInstant()),
                Timestamp.from(m.plusMonths(1).atDay(1).atStartOfDay(SHANGHAI).toInstant())};
    }

    private String label(String resource) {
        ResourcesProperties.Resource r = resource == null ? null : properties.getResources().get(resource);
        return r == null ? "units" : r.getUnitLabel();
    }

    private void checkUnit(String field, String unit, List<FieldError> errors) {
        if (checkText(field, unit, errors) && units.unit(unit) == null) {
            errors.add(new FieldError(field, "unit " + unit + " is no organisation unit; units: "
                    + units.all().stream().map(OrgUnits.Unit::code).toList()));
        }
    }

    private void checkResource(String field, String resource, List<FieldError> errors) {
        if (checkText(field, resource, errors) && !properties.getResources().containsKey(resource)) {
            errors.add(new FieldError(field, "resource " + resource + " is not one of hub.governance.resources: "
                    + resources().keySet()));
        }
    }

    private static void checkPeriod(String field, String period, List<FieldError> errors) {
        if (checkText(field, period, errors) && !period.matches(PERIOD_PATTERN)) {
            errors.add(new FieldError(field, "must be a month yyyy-MM (e.g. 2026-12), got '" + period + "'"));
        }
    }

    /** Whether the value is there and plain text (no NUL, at most 128 characters); adds the error otherwise. */
    private static boolean checkText(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return false;
        }
        if (value.indexOf('\u0000') >= 0) {
            errors.add(new FieldError(field, "must not contain U+0000 (NUL)"));
            return false;
        }
        if (value.length() > 128) {
            errors.add(new FieldError(field, "must be at most 128 characters, got " + value.length()));
            return false;
        }
        return true;
    }
}

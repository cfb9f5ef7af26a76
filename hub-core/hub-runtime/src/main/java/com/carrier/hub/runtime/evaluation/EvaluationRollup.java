package com.carrier.hub.runtime.evaluation;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import com.carrier.hub.api.HubTime;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Periodic evaluation roll-ups (README "Periodic evaluation"): per month, quarter or year in Asia/Shanghai, and per
 * owning unit, campaign type, product or touchpoint, the campaigns, contacts, responses and orders of their frozen
 * evaluations and their lift weighted by treatment size.
 *
 * <p>A campaign belongs to the period in which its response window closes (its end plus the window): that is when its
 * evaluation is frozen and its figures final. Only frozen evaluations ({@code campaign_evaluation.frozen}) are read —
 * one stored row per campaign, no scan of contacts — so a period's roll-up, once its campaigns are frozen, does not
 * change any more: the file shipped for it and the API asked later say the same. A campaign whose window closed but
 * whose freeze round has not run yet (at most {@code hub.ledger.evaluation-interval}) is not counted until it has.
 *
 * <p>By touchpoint, a campaign counts in every touchpoint it contacted customers on, with that touchpoint's treatment,
 * responses and treatment orders; its control group has no touchpoint, so the control orders shown are those of the
 * whole campaign (and a campaign over two touchpoints counts its control in both).
 */
@Service
public class EvaluationRollup {

    /** A roll-up period kind. */
    public enum Period {
        MONTH, QUARTER, YEAR;

        private static final Pattern MONTH_AT = Pattern.compile("(\\d{4})-(\\d{2})");
        private static final Pattern QUARTER_AT = Pattern.compile("(\\d{4})-?Q([1-4])");
        private static final Pattern YEAR_AT = Pattern.compile("(\\d{4})");

        /**
         * The first day of the period {@code at} names: {@code 2026-11} for a month; {@code 2026-Q4} (or a month of it,
         * {@code 2026-11}) for a quarter; {@code 2026} (or a month of it) for a year.
         *
         * @throws IllegalArgumentException saying what is expected
         */
        public LocalDate start(String at) {
            String a = at == null ? "" : at.trim().toUpperCase(Locale.ROOT);
            try {
                Matcher m = MONTH_AT.matcher(a);
                if (m.matches()) {
                    return first(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).atDay(1));
                }
                m = QUARTER_AT.matcher(a);
                if (this == QUARTER && m.matches()) {
                    return LocalDate.of(Integer.parseInt(m.group(1)), (Integer.parseInt(m.group(2)) - 1) * 3 + 1, 1);
                }
                m = YEAR_AT.matcher(a);
                if (this == YEAR && m.matches()) {
                    return LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
                }
            } catch (java.time.DateTimeException e) {
                // a month 13: answered below like any other malformed value
            }
            throw new IllegalArgumentException("'" + at + "' is not a " + name().toLowerCase(Locale.ROOT) + "; expected "
                    + switch (this) {
                        case MONTH -> "yyyy-MM, e.g. 2026-11";
                        case QUARTER -> "yyyy-Qn or a month of it, e.g. 2026-Q4 or 2026-11";
                        case YEAR -> "yyyy or a month of it, e.g. 2026 or 2026-11";
                    });
        }

        /** The first day of the period that contains {@code day}. */
        public LocalDate first(LocalDate day) {
            return switch (this) {
                case MONTH -> day.withDayOfMonth(1);
                case QUARTER -> LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1);
                case YEAR -> day.withDayOfYear(1);
            };
        }

        /** The first day after the period that starts on {@code start}. */
        public LocalDate next(LocalDate start) {
            return switch (this) {
                case MONTH -> start.plusMonths(1);
                case QUARTER -> start.plusMonths(3);
                case YEAR -> start.plusYears(1);
            };
        }

        /** The period's label in the feed file name and the table: {@code 202611}, {@code 2026Q4}, {@code 2026}. */
        public String label(LocalDate start) {
            return switch (this) {
                case MONTH -> String.format(Locale.ROOT, "%04d%02d", start.getYear(), start.getMonthValue());
                case QUARTER -> start.getYear() + "Q" + ((start.getMonthValue() - 1) / 3 + 1);
                case YEAR -> Integer.toString(start.getYear());
            };
        }

        /** The kind named {@code name} (any case). */
        public static Period parse(String name) {
            for (Period p : values()) {
                if (p.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not a period; expected one of MONTH, QUARTER, YEAR");
        }
    }

    /** What a roll-up groups by. */
    public enum By {
        UNIT, TYPE, PRODUCT, TOUCHPOINT;

        /** The dimension named {@code name} (any case). */
        public static By parse(String name) {
            for (By b : values()) {
                if (b.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return b;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not a grouping; expected one of unit, type, product, touchpoint");
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One group of one period. {@code contacts} counts the treatment customers contacted, {@code responses} those who
     * responded, {@code ordersTreatment}/{@code ordersControl} the customers with a completed order in each group.
     * {@code lift} is the absolute lift (difference of conversion rates) weighted by treatment size over the
     * {@code liftCampaigns} campaigns whose lift was measurable; null when none was. Weighted by treatment size
     * (Σ liftᵢ·treatmentᵢ / Σ treatmentᵢ) because a lift is a difference of conversion rates per treated customer: so
     * weighted it is the extra conversion per customer contacted across the group — the figure the programme's
     * orders move with — and a 50-customer pilot's noisy lift weighs 50, not as much as a 500,000-customer campaign.
     */
    public record Group(String period, String by, String group, long campaigns, long contacts, long responses,
                        long ordersTreatment, long ordersControl, Double lift, long liftCampaigns) {
    }

    /** A frozen campaign in a period, with what it is grouped by. */
    record Member(String campaignId, String unit, String type, String product, Evaluation evaluation) {

        /** The groups this campaign is in for {@code by}, with the funnel it contributes to each. */
        Map<String, Evaluation.Funnel> groups(By by) {
            if (by != By.TOUCHPOINT) {
                String key = switch (by) {
                    case UNIT -> unit;
                    case TYPE -> type;
                    case PRODUCT -> product == null ? "-" : product;
                    case TOUCHPOINT -> throw new IllegalStateException();
                };
                return Map.of(key, evaluation.total());
            }
            Map<String, Evaluation.Funnel> byChannel = new TreeMap<>();
            for (Evaluation.Funnel f : evaluation.breakdown()) {
                if (!"-".equals(f.channel()) && f.treatment() > 0) {
                    byChannel.merge(f.channel(), f, Evaluation.Funnel::plus);
                }
            }
            return byChannel;
        }
    }

    /** The unit that owns a campaign: its creator's, or the root unit for a campaign from before units. */
    private static final String OWNER = "coalesce(c.unit_code, (SELECT code FROM org_unit WHERE parent_code IS NULL LIMIT 1))";

    private static final String FROZEN_IN = """
            SELECT c.id, %s, c.type, c.product_id, e.body::text
              FROM campaign c JOIN campaign_evaluation e ON e.campaign_id = c.id
             WHERE e.frozen
               AND c.end_at + c.response_window_days * interval '1 day' >= ?
               AND c.end_at + c.response_window_days * interval '1 day' < ?
               AND (?::text[] IS NULL OR %s = ANY (?::text[]))
             ORDER BY c.id""".formatted(OWNER, OWNER);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public EvaluationRollup(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The roll-up of the period starting {@code start} by {@code by}, over the campaigns of {@code units} (null: every
     * unit's), one group per row ordered by group.
     */
    public List<Group> rollup(Period period, LocalDate start, By by, Collection<String> units) {
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, double[]> lifts = new TreeMap<>();
        for (Member m : members(period, start, units)) {
            for (Map.Entry<String, Evaluation.Funnel> g : m.groups(by).entrySet()) {
                Evaluation.Funnel f = g.getValue();
                long[] s = sums.computeIfAbsent(g.getKey(), k -> new long[5]);
                s[0]++;
                s[1] += f.treatment();
                s[2] += f.responded();
                s[3] += f.orderedTreatment();
                s[4] += by == By.TOUCHPOINT ? m.evaluation().total().orderedControl() : f.orderedControl();
                // by touchpoint, the campaign's lift (its control is shared by its touchpoints) weighted by the treatment there
                Lift lift = m.evaluation().total().lift();
                double[] w = lifts.computeIfAbsent(g.getKey(), k -> new double[3]);
                if (lift != null && lift.absolute() != null && f.treatment() > 0) {
                    w[0] += lift.absolute() * f.treatment();
                    w[1] += f.treatment();
                    w[2]++;
                }
            }
        }
        String label = period.label(start);
        List<Group> out = new ArrayList<>();
        sums.forEach((group, s) -> {
            double[] w = lifts.get(group);
            out.add(new Group(label, by.key(), group, s[0], s[1], s[2], s[3], s[4], w[1] > 0 ? w[0] / w[1] : null,
                    (long) w[2]));
        });
        return out;
    }

    /** The roll-up of the period by every grouping in turn (unit, type, product, touchpoint): the feed file's rows. */
    public List<Group> rollupAll(Period period, LocalDate start) {
        List<Group> out = new ArrayList<>();
        for (By by : By.values()) {
            out.addAll(rollup(period, start, by, null));
        }
        return out;
    }

    /**
     * The campaigns of the period's roll-up group: owned by {@code unit}, of {@code type}, of {@code product}, that
     * contacted customers on {@code touchpoint} (each null: any).
     */
    public Set<String> campaigns(Period period, LocalDate start, String unit, String type, String product,
                                 String touchpoint) {
        Set<String> out = new LinkedHashSet<>();
        for (Member m : members(period, start, null)) {
            if ((unit == null || unit.equals(m.unit())) && (type == null || type.equalsIgnoreCase(m.type()))
                    && (product == null || product.equals(m.product()))
                    && (touchpoint == null || m.groups(By.TOUCHPOINT).containsKey(touchpoint))) {
                out.add(m.campaignId());
            }
        }
        return out;
    }

    private List<Member> members(Period period, LocalDate start, Collection<String> units) {
        Timestamp from = Timestamp.from(start.atStartOfDay(HubTime.ZONE).toInstant());
        Timestamp to = Timestamp.from(period.next(start).atStartOfDay(HubTime.ZONE).toInstant());
        String[] unitArray = units == null ? null : units.toArray(String[]::new);
        return jdbc.query(FROZEN_IN, (rs, i) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), read(rs.getString(5))), from, to, unitArray, unitArray);
    }

    private Evaluation read(String body) {
        try {
            return json.readValue(body, Evaluation.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored evaluation is unreadable: " + ex.getOriginalMessage(), ex);
        }
    }
}

package com.carrier.hub.runtime.touchpoints;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.touchpoint.Touchpoint;

/**
 * The load planned on each touchpoint for the days ahead, against its daily capacity, so an overbooking is seen before
 * a launch: the contacts waiting to be sent (PENDING or DEFERRED) of every RUNNING, PAUSED and SCHEDULED campaign fall
 * due on the day their campaign starts or their {@code not_before} says, whichever is later (today for those due
 * already); each day sends up to the capacity — today's less the contacts made today — and what it cannot carries to
 * the next, as dispatch defers it. A day that carries contacts over is overbooked.
 */
@Repository
public class TouchpointPlan {

    /**
     * One day of a touchpoint.
     *
     * @param due        contacts falling due that day
     * @param planned    contacts the day sends: up to its capacity, the backlog first
     * @param carried    contacts left for the following days (the day is overbooked when more than 0)
     * @param capacity   its capacity that day (today's less the contacts made today); null for unlimited
     */
    public record Day(LocalDate day, long due, long planned, long carried, Long capacity) {
        public boolean overbooked() {
            return carried > 0;
        }
    }

    /** A touchpoint's days ahead; {@code capacity} is its daily capacity, null for unlimited. */
    public record Plan(String touchpoint, Long capacity, List<Day> days) {
    }

    private final JdbcTemplate jdbc;
    private final TouchpointRegistry touchpoints;
    private final ChannelPreferences preferences;
    private final TouchpointLoad load;

    public TouchpointPlan(JdbcTemplate jdbc, TouchpointRegistry touchpoints, ChannelPreferences preferences,
                          TouchpointLoad load) {
        this.jdbc = jdbc;
        this.touchpoints = touchpoints;
        this.preferences = preferences;
        this.load = load;
    }

    /** Every touchpoint's next {@code days} days, counting the campaigns that run or are scheduled. */
    public List<Plan> ahead(int days) {
        return read(days, null).plans(true);
    }

    /**
     * The waiting contacts by touchpoint and day they fall due (contacts due after the last day are counted on the day
     * after it, outside the plan), those of {@code campaign} apart — counted whatever its status (a DRAFT about to be
     * scheduled, with its lists decided) — and today's contacts made; one read for a plan with and without it.
     */
    private Due read(int days, String campaign) {
        LocalDate today = LocalDate.now(HubTime.ZONE);
        LocalDate last = today.plusDays(days - 1L);
        Due due = new Due(today, last, load.today());
        jdbc.query("""
                SELECT cc.channel, (greatest(c.start_at, cc.not_before, now()) AT TIME ZONE ?)::date AS day,
                       c.id IS NOT DISTINCT FROM ? AS its, count(*)
                FROM campaign c JOIN campaign_contact cc ON cc.campaign_id = c.id
                WHERE (c.status IN ('RUNNING', 'PAUSED', 'SCHEDULED') OR c.id = ?)
                  AND cc.status IN ('PENDING', 'DEFERRED')
                GROUP BY 1, 2, 3""", rs -> {
                    LocalDate day = rs.getObject(2, LocalDate.class);
                    (rs.getBoolean(3) ? due.its : due.others).computeIfAbsent(rs.getString(1), c -> new HashMap<>())
                            .merge(day.isAfter(last) ? last.plusDays(1) : day, rs.getLong(4), Long::sum);
                }, HubTime.ZONE.getId(), campaign, campaign);
        return due;
    }

    /** What {@link #read} found: the other campaigns' contacts and the given campaign's, by touchpoint and day. */
    private final class Due {
        final LocalDate today;
        final LocalDate last;
        final Map<String, TouchpointLoad.Counts> todaysLoad;
        final Map<String, Map<LocalDate, Long>> others = new HashMap<>();
        final Map<String, Map<LocalDate, Long>> its = new HashMap<>();

        Due(LocalDate today, LocalDate last, Map<String, TouchpointLoad.Counts> todaysLoad) {
            this.today = today;
            this.last = last;
            this.todaysLoad = todaysLoad;
        }

        /** Each touchpoint's days: each sends up to its capacity (today's less the contacts made), carrying the rest. */
        List<Plan> plans(boolean withIts) {
            List<Plan> plans = new ArrayList<>();
            for (Touchpoint t : touchpoints.all()) {
                Long capacity = preferences.dailyCapacity(t);
                Map<LocalDate, Long> byDay = others.getOrDefault(t.id(), Map.of());
                Map<LocalDate, Long> itsByDay = withIts ? its.getOrDefault(t.id(), Map.of()) : Map.of();
                long used = todaysLoad.getOrDefault(t.id(), new TouchpointLoad.Counts(0, 0)).used();
                List<Day> out = new ArrayList<>();
                long carried = 0;
                for (LocalDate d = today; !d.isAfter(last); d = d.plusDays(1)) {
                    long dueToday = byDay.getOrDefault(d, 0L) + itsByDay.getOrDefault(d, 0L);
                    Long cap = capacity == null ? null : Math.max(0, capacity - (d.equals(today) ? used : 0));
                    long waiting = carried + dueToday;
                    long planned = cap == null ? waiting : Math.min(cap, waiting);
                    carried = waiting - planned;
                    out.add(new Day(d, dueToday, planned, carried, cap));
                }
                plans.add(new Plan(t.id(), capacity, out));
            }
            return plans;
        }
    }

    /**
     * The days on which the given campaign's contacts, added to the rest, overbook a touchpoint that was not overbooked
     * without them (or more than it was): for the warning when the campaign is scheduled. Empty when nothing overbooks.
     */
    public List<String> overbookingBy(String campaignId, int days) {
        Due due = read(days, campaignId);
        Map<String, Plan> without = new LinkedHashMap<>();
        for (Plan p : due.plans(false)) {
            without.put(p.touchpoint(), p);
        }
        List<String> warnings = new ArrayList<>();
        for (Plan with : due.plans(true)) {
            Plan before = without.get(with.touchpoint());
            for (int i = 0; i < with.days().size(); i++) {
                Day d = with.days().get(i);
                long earlier = before == null ? 0 : before.days().get(i).carried();
                if (d.carried() > earlier) {
                    warnings.add(String.format("%s %s: %,d contacts due or waiting against a capacity of %,d; %,d carried to"
                            + " the next day (%,d of them because of this campaign)", with.touchpoint(), d.day(),
                            d.planned() + d.carried(), d.capacity(), d.carried(), d.carried() - earlier));
                }
            }
        }
        return warnings;
    }
}

package com.carrier.hub.runtime.console;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.touchpoints.TouchpointPlan;
import com.carrier.hub.runtime.touchpoints.TouchpointsController;

/**
 * Touchpoints ({@code /console/touchpoints}): each touchpoint's health (its connector's, probed now, as
 * {@code GET /api/touchpoints}) and its load for the next {@value #DAYS} days against its capacity, as
 * {@code GET /api/touchpoints/plan} lays it ({@link TouchpointPlan#ahead}): what falls due, what is sent, what carries
 * over; a day that carries contacts over is overbooked and marked.
 */
@Controller
public class TouchpointsPage {

    /** Days ahead the page shows. */
    static final int DAYS = 14;

    /** A touchpoint: its health and its days ahead. */
    public record Row(String id, String connector, ConnectorHealth.Status status, String reason, Long capacity,
                      List<TouchpointPlan.Day> days, boolean overbooked) {
    }

    private final TouchpointsController touchpoints;
    private final TouchpointPlan plan;

    public TouchpointsPage(TouchpointsController touchpoints, TouchpointPlan plan) {
        this.touchpoints = touchpoints;
        this.plan = plan;
    }

    @GetMapping("/console/touchpoints")
    public String touchpoints(Model model) {
        Map<String, TouchpointPlan.Plan> plans = plan.ahead(DAYS).stream()
                .collect(Collectors.toMap(TouchpointPlan.Plan::touchpoint, Function.identity()));
        List<Row> rows = touchpoints.list().stream().map(t -> {
            TouchpointPlan.Plan p = plans.get(t.id());
            List<TouchpointPlan.Day> days = p == null ? List.of() : p.days();
            return new Row(t.id(), t.connector(), t.health() == null ? null : t.health().status(),
                    t.health() == null ? null : Msisdn.maskAll(t.health().reason()), t.dailyCapacity(), days,
                    days.stream().anyMatch(TouchpointPlan.Day::overbooked));
        }).sorted(Comparator.comparing(Row::id)).toList();
        model.addAttribute("touchpoints", rows);
        model.addAttribute("days", DAYS);
        return "console/touchpoints";
    }
}

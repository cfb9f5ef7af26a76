package com.carrier.hub.runtime.touchpoints;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.runtime.connectors.ConnectorRegistry;
import com.carrier.hub.runtime.web.InvalidRequest;

import io.swagger.v3.oas.annotations.Operation;

/** The touchpoints of this hub: their properties, today's load against their daily capacity, and their health. */
@RestController
@RequestMapping("/api/touchpoints")
public class TouchpointsController {

    /**
     * A touchpoint as the admin API shows it.
     *
     * @param dailyCapacity contacts a day across all campaigns; null is unlimited
     * @param connector     the connector it sends through, whose health is its health; null for one inside the hub
     * @param health        its connector's health, probed now under the probe timeout; null without a connector
     */
    public record TouchpointView(String id, String description, boolean idempotent, boolean quietHours, int sliceSize,
                                 List<TemplateField> templateFields, List<String> responseTypes, Long dailyCapacity,
                                 Load today, String connector, ConnectorHealth health) {
    }

    /**
     * Today's load (Asia/Shanghai) across every RUNNING campaign.
     *
     * @param planned   contacts pending or deferred that are due before the day ends
     * @param used      contacts made today (what counts against the capacity)
     * @param remaining what the capacity leaves for today; null when unlimited
     */
    public record Load(long planned, long used, Long remaining) {
    }

    private final TouchpointRegistry touchpoints;
    private final ConnectorRegistry connectors;
    private final ChannelPreferences preferences;
    private final TouchpointLoad load;
    private final TouchpointPlan plan;

    public TouchpointsController(TouchpointRegistry touchpoints, ConnectorRegistry connectors, ChannelPreferences preferences,
                                 TouchpointLoad load, TouchpointPlan plan) {
        this.touchpoints = touchpoints;
        this.plan = plan;
        this.connectors = connectors;
        this.preferences = preferences;
        this.load = load;
    }

    @GetMapping
    @Operation(summary = "Every touchpoint with its template fields, today's load against its capacity, and its health (probed now)")
    public List<TouchpointView> list() {
        Map<String, TouchpointLoad.Counts> load = this.load.today();
        return touchpoints.all().parallelStream()
                .map(t -> view(t, load.getOrDefault(t.id(), new TouchpointLoad.Counts(0, 0)))).toList();
    }

    @GetMapping("/plan")
    @Operation(summary = "Each touchpoint's load for the days ahead (default 14, at most 92) against its daily capacity:"
            + " contacts of running, paused and scheduled campaigns by the day they fall due, what each day sends and what it"
            + " carries over (overbooked)")
    public List<TouchpointPlan.Plan> plan(@RequestParam(required = false) Integer days) {
        int n = days == null ? 14 : days;
        if (n < 1 || n > MAX_PLAN_DAYS) {
            throw new InvalidRequest("days is not valid", List.of(new FieldError("days", "must be 1 to " + MAX_PLAN_DAYS)));
        }
        return plan.ahead(n);
    }

    /** The most days {@link #plan} looks ahead: a quarter. */
    static final int MAX_PLAN_DAYS = 92;

    private TouchpointView view(Touchpoint t, TouchpointLoad.Counts load) {
        Long capacity = preferences.dailyCapacity(t);
        Long remaining = capacity == null ? null : Math.max(0, capacity - load.used());
        ConnectorHealth health = t.connectorId() == null ? null
                : connectors.find(t.connectorId()).map(connectors::health)
                        .orElse(ConnectorHealth.down("connector '" + t.connectorId() + "' is not in this hub"));
        return new TouchpointView(t.id(), t.description(), t.idempotent(), t.quietHours(), t.sliceSize(), t.templateFields(),
                t.responseTypes(), capacity, new Load(load.planned(), load.used(), remaining), t.connectorId(), health);
    }
}

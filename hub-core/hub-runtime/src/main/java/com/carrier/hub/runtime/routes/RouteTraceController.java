package com.carrier.hub.runtime.routes;

import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;


import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.routes.RouteTracing.RouteTrace;
import com.carrier.hub.runtime.web.InvalidRequest;

import io.swagger.v3.oas.annotations.Operation;

/**
 * Message trace on demand (ADMIN, reading included: a trace shows message bodies): switch tracing on for one route for
 * a bounded time, read its latest exchanges step by step with mobile numbers masked and secrets hidden, switch it off.
 * Limits and defaults are {@code hub.routes.trace.*}.
 */
@RestController
@RequestMapping("/api/routes/{routeId}/trace")
public class RouteTraceController {

    private final RouteTracing tracing;
    private final RoutesProperties.Trace settings;

    public RouteTraceController(RouteTracing tracing, RoutesProperties properties) {
        this.tracing = tracing;
        this.settings = properties.getTrace();
    }

    @PostMapping
    @Operation(summary = "Trace this route (ADMIN) for `minutes` (default hub.routes.trace.default-duration, at most max-duration),"
            + " keeping the last `last` exchanges (default-last, at most max-last); it switches itself off. One route at a"
            + " time: 409 while another is traced")
    public RouteTrace switchOn(@PathVariable String routeId, @RequestParam(required = false) Integer minutes,
                               @RequestParam(required = false) Integer last,
                               Principal principal) {
        List<FieldError> errors = new ArrayList<>();
        long maxMinutes = settings.getMaxDuration().toMinutes();
        if (minutes != null && (minutes < 1 || minutes > maxMinutes)) {
            errors.add(new FieldError("minutes", "must be between 1 and " + maxMinutes + " (hub.routes.trace.max-duration),"
                    + " was " + minutes));
        }
        if (last != null && (last < 1 || last > settings.getMaxLast())) {
            errors.add(new FieldError("last", "must be between 1 and " + settings.getMaxLast() + " (hub.routes.trace.max-last),"
                    + " was " + last));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("trace of route " + routeId + " not switched on", errors);
        }
        Duration duration = minutes == null ? settings.getDefaultDuration() : Duration.ofMinutes(minutes);
        return tracing.switchOn(routeId, duration, last == null ? settings.getDefaultLast() : last, principal.getName());
    }

    @GetMapping
    @Operation(summary = "Whether this route is traced and until when, and its latest exchanges with each step's headers and"
            + " body (ADMIN): mobile numbers masked, secret headers as ****, file and stream bodies not read. The last"
            + " trace stays readable after it is off, until the next one is switched on")
    public RouteTrace read(@PathVariable String routeId) {
        return tracing.read(routeId);
    }

    @DeleteMapping
    @Operation(summary = "Switch tracing of this route off now (ADMIN); its results stay readable")
    public RouteTrace switchOff(@PathVariable String routeId, Principal principal) {
        return tracing.switchOff(routeId, principal.getName());
    }
}

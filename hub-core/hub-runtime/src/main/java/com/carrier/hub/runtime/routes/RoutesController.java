package com.carrier.hub.runtime.routes;

import java.time.Instant;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/** The routes that run, where they came from, their counters and last error; the route files and their status. */
@RestController
@RequestMapping("/api/routes")
public class RoutesController {

    /** One running route. */
    public record RouteView(String id, String sourceFile, String from, String status, long completed, long failed,
                            long deadLettered, int inflight, String lastError, Instant lastErrorAt) {
    }

    /** Routes and route files. */
    public record RoutesView(List<RouteView> routes, List<RouteFile> files) {
    }

    private final CamelContext camel;
    private final RouteFileLoader loader;
    private final RouteStatistics statistics;

    public RoutesController(CamelContext camel, RouteFileLoader loader, RouteStatistics statistics) {
        this.camel = camel;
        this.loader = loader;
        this.statistics = statistics;
    }

    @GetMapping
    @Operation(summary = "Routes with source file, status, exchange counters and last error; route files with LOADED, REFUSED or SKIPPED")
    public RoutesView list() {
        List<RouteView> routes = camel.getRoutes().stream()
                .sorted((a, b) -> a.getRouteId().compareTo(b.getRouteId()))
                .map(this::view).toList();
        return new RoutesView(routes, loader.files());
    }

    @PostMapping("/reload")
    @Operation(summary = "Reload every file of the routes folder (ADMIN), waiting at most hub.routes.reload-timeout for work in flight; a file with errors or outside the allowlist is refused, the others run")
    public RoutesView reload() {
        loader.reload();
        return list();
    }

    private RouteView view(Route r) {
        RouteStatistics.Counters c = statistics.of(r.getRouteId());
        String file = loader.fileOf(r.getRouteId());
        return new RouteView(r.getRouteId(), file, r.getEndpoint().getEndpointBaseUri(),
                String.valueOf(camel.getRouteController().getRouteStatus(r.getRouteId())), c.completed(), c.failed(),
                c.deadLettered(), camel.getInflightRepository().size(r.getRouteId()), c.lastError(), c.lastErrorAt());
    }
}

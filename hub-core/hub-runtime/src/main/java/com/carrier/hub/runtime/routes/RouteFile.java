package com.carrier.hub.runtime.routes;

import java.time.Instant;
import java.util.List;

/**
 * One YAML route file and what became of it.
 *
 * @param file     the path as configured ({@code routes/boss-customer-delta.yaml})
 * @param status   LOADED, or REFUSED with the error
 * @param routeIds the routes it created (none when refused)
 * @param error    for REFUSED: the file, the route and what was wrong
 */
public record RouteFile(String file, Status status, List<String> routeIds, String error, Instant loadedAt) {

    /** Whether the file's routes run. */
    public enum Status { LOADED, REFUSED }
}

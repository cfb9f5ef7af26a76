package com.carrier.hub.runtime.routes;

import java.time.Instant;
import java.util.List;

/**
 * One YAML route file and what became of it.
 *
 * @param file     the path as configured ({@code routes/boss-customer-delta.yaml})
 * @param status   LOADED, REFUSED with the error, or SKIPPED with the reason
 * @param routeIds the routes it created (none when refused or skipped)
 * @param error    for REFUSED: the file, the route, the rule and what was wrong; for SKIPPED: why (a disabled
 *                 connector); for a LOADED file that a reload could not stop in time: that its old version runs on
 */
public record RouteFile(String file, Status status, List<String> routeIds, String error, Instant loadedAt) {

    /** Whether the file's routes run: LOADED; REFUSED for an error; SKIPPED when they need a disabled connector. */
    public enum Status { LOADED, REFUSED, SKIPPED }
}

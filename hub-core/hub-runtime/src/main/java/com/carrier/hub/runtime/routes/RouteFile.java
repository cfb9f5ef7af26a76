package com.carrier.hub.runtime.routes;

import java.time.Instant;
import java.util.List;

/**
 * One YAML route file and what became of it.
 *
 * @param file     the file's name ({@code boss-customer-delta.yaml})
 * @param version  the version this instance runs (route_file_version), 0 for a file never taken as a version
 * @param status   LOADED, REFUSED with the error, or SKIPPED with the reason
 * @param routeIds the routes it created (none when refused or skipped)
 * @param error    for REFUSED: the file, the route, the rule and what was wrong; for SKIPPED: why (a disabled
 *                 connector); for a LOADED file whose newer version could not be applied: why, and that this version
 *                 runs on
 */
public record RouteFile(String file, int version, Status status, List<String> routeIds, String error, Instant loadedAt) {

    RouteFile withVersion(int v) {
        return new RouteFile(file, v, status, routeIds, error, loadedAt);
    }

    RouteFile withNote(String note) {
        return new RouteFile(file, version, status, routeIds, note, loadedAt);
    }

    /** Whether the file's routes run: LOADED; REFUSED for an error; SKIPPED when they need a disabled connector. */
    public enum Status { LOADED, REFUSED, SKIPPED }
}

package com.carrier.hub.runtime.routes;

/**
 * One problem of a route file's text.
 *
 * @param file    the file's name
 * @param routeId the route it is in, null when not inside a route
 * @param line    1-based line, null when unknown
 * @param rule    what was broken: yaml, dsl, endpoint-option, kamelet-parameter, placeholder, route-id, start, or an
 *                allowlist rule (component, kamelet, bean, language, …)
 * @param subject the option, parameter, placeholder, key or component the problem is about
 * @param message what is wrong, for a person
 */
public record RouteProblem(String file, String routeId, Integer line, String rule, String subject, String message) {
}

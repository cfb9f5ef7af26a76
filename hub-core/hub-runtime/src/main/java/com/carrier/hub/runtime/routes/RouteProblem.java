package com.carrier.hub.runtime.routes;

/**
 * One problem of a route file, reported rather than thrown (Kafka Connect's validate is the model).
 *
 * @param file    the route file's name, as given to the validation
 * @param routeId the route the problem is in, null when it is outside any route (or the route has no id)
 * @param line    the 1-based line of the file, null when unknown
 * @param rule    what was checked: {@code yaml}, {@code dsl}, {@code endpoint-option}, {@code kamelet-parameter},
 *                {@code placeholder}, {@code route-id}, or an allowlist rule ({@code component}, {@code kamelet},
 *                {@code bean}, {@code language}, {@code file-root}, …)
 * @param subject what the problem is about: the option, parameter, placeholder, key or component; null when the
 *                problem is the file as a whole
 * @param message what is wrong and what to check, with a suggestion where one is close
 */
public record RouteProblem(String file, String routeId, Integer line, String rule, String subject, String message) {

    /** One line for a log or a file's status: {@code route R, line N: rule X: message}. */
    public String describe() {
        return (routeId == null ? "" : "route " + routeId + ", ") + (line == null ? "" : "line " + line + ": ")
                + "rule " + rule + ": " + message;
    }
}

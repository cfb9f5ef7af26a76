package com.carrier.hub.api;

import java.util.Map;

/**
 * What a connector's health probe found: {@code UP}, or {@code DOWN} with a reason that names what failed and where.
 *
 * @param status  UP, DOWN or UNKNOWN
 * @param reason  for DOWN, what failed and where ("smsc 127.0.0.1:2775: bind_transceiver refused: ESME_RINVPASWD");
 *                for UP, may be null
 * @param details extra facts worth showing (peer address, broker count); never secrets
 */
public record ConnectorHealth(Status status, String reason, Map<String, Object> details) {

    /** Health states, as Spring Boot's actuator names them. */
    public enum Status { UP, DOWN, UNKNOWN }

    public ConnectorHealth {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static ConnectorHealth up(Map<String, Object> details) {
        return new ConnectorHealth(Status.UP, null, details);
    }

    public static ConnectorHealth down(String reason) {
        return new ConnectorHealth(Status.DOWN, reason, Map.of());
    }

    public static ConnectorHealth down(String reason, Map<String, Object> details) {
        return new ConnectorHealth(Status.DOWN, reason, details);
    }
}

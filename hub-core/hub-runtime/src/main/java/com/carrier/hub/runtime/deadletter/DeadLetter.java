package com.carrier.hub.runtime.deadletter;

import java.time.Instant;
import java.util.Map;

/**
 * An exchange the hub could not process: where it failed, why, and the original message as it entered the route.
 *
 * @param body the original body as text when it is valid UTF-8, else Base64 (see {@code bodyEncoding})
 */
public record DeadLetter(long id, String routeId, String fromEndpoint, String failedEndpoint, String exceptionType,
                         String reason, String body, String bodyEncoding, String bodyType, Map<String, Object> headers,
                         int attempts, Instant firstFailedAt, Instant lastFailedAt) {
}

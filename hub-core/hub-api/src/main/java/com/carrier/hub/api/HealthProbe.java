package com.carrier.hub.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a connector's {@link Connector#probe()} the way the hub does everywhere: under a timeout, on its own thread,
 * turning every exception and every overrun into DOWN with a reason. It never throws.
 */
public final class HealthProbe {

    private HealthProbe() {
    }

    public static ConnectorHealth run(Connector connector, Duration timeout) {
        CompletableFuture<ConnectorHealth> probe = CompletableFuture.supplyAsync(() -> {
            try {
                return connector.probe();
            } catch (Exception e) {
                throw new ProbeFailed(e);
            }
        });
        try {
            ConnectorHealth health = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return health == null ? ConnectorHealth.down(connector.id() + ": probe returned nothing") : health;
        } catch (TimeoutException e) {
            probe.cancel(true);
            return ConnectorHealth.down(connector.id() + ": no answer from the peer within " + timeout.toMillis() + " ms",
                    Map.of("timeoutMs", timeout.toMillis()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof ProbeFailed pf ? pf.getCause() : e.getCause();
            return ConnectorHealth.down(describe(connector, cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectorHealth.down(connector.id() + ": probe interrupted");
        }
    }

    private static String describe(Connector connector, Throwable cause) {
        StringBuilder reason = new StringBuilder(connector.id()).append(": ");
        String message = cause.getMessage();
        reason.append(message == null || message.isBlank() ? cause.getClass().getSimpleName() : message);
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause && root.getMessage() != null && !reason.toString().contains(root.getMessage())) {
            reason.append(" (").append(root.getMessage()).append(')');
        }
        return reason.toString();
    }

    private static final class ProbeFailed extends RuntimeException {
        ProbeFailed(Throwable cause) {
            super(cause);
        }
    }
}

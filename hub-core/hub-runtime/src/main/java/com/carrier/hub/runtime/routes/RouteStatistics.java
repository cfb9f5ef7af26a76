package com.carrier.hub.runtime.routes;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.springframework.stereotype.Component;

/**
 * Exchange counters and the last error per route, for {@code GET /api/routes}. Camel's Micrometer route policy feeds
 * the Prometheus metrics; these are the figures an admin reads first.
 */
@Component
public class RouteStatistics extends ExchangeEndNotifier {

    /** Counters of one route. */
    public static final class Counters {
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong deadLettered = new AtomicLong();
        volatile String lastError;
        volatile Instant lastErrorAt;

        public long completed() {
            return completed.get();
        }

        public long failed() {
            return failed.get();
        }

        public long deadLettered() {
            return deadLettered.get();
        }

        public String lastError() {
            return lastError;
        }

        public Instant lastErrorAt() {
            return lastErrorAt;
        }
    }

    private final Map<String, Counters> routes = new ConcurrentHashMap<>();

    public Counters of(String routeId) {
        return routes.computeIfAbsent(routeId, id -> new Counters());
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        String routeId = exchange.getFromRouteId();
        if (routeId == null) {
            return;
        }
        Counters c = of(routeId);
        Throwable caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        if (event instanceof ExchangeFailedEvent || exchange.getProperty(HubErrorHandling.ROUND_FAILED, false, Boolean.class)) {
            c.failed.incrementAndGet();
            Throwable e = exchange.getException() != null ? exchange.getException() : caught;
            c.lastError = e == null ? "failed" : String.valueOf(e.getMessage());
            c.lastErrorAt = Instant.now();
        } else if (caught != null) {
            c.deadLettered.incrementAndGet();
            c.lastError = String.valueOf(caught.getMessage());
            c.lastErrorAt = Instant.now();
        } else {
            c.completed.incrementAndGet();
        }
    }
}

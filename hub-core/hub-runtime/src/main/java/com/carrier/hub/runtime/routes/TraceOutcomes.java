package com.carrier.hub.runtime.routes;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.routes.RouteTracing.TracedError;

/**
 * The failures of exchanges while a route is traced, for {@link RouteTracing}. Camel's backlog tracer records a step's
 * message as the step receives it, and an exception only on an exchange's last event, which it does not make for a
 * route with a route configuration (every hub route has {@link HubErrorHandling}'s): this notifier keeps the exception
 * an exchange ended with, handled (dead-lettered, retried out) or not. While no trace is on it does nothing.
 */
@Component
public class TraceOutcomes extends ExchangeEndNotifier {

    private volatile boolean recording;
    private int capacity = 1;
    private final Map<String, TracedError> failures = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TracedError> eldest) {
            return size() > capacity;
        }
    };

    /** Starts keeping the failures of the next exchanges, at most {@code keep} of them; the earlier ones are dropped. */
    synchronized void record(int keep) {
        failures.clear();
        capacity = Math.max(1, keep);
        recording = true;
    }

    /** Stops keeping failures; those kept stay readable. */
    void pause() {
        recording = false;
    }

    /** The failure an exchange ended with, or null. */
    synchronized TracedError of(String exchangeId) {
        return failures.get(exchangeId);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return recording && (event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent);
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeEvent) event).getExchange();
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            TracedError error = new TracedError(failure.getClass().getName(), TraceMasking.text(failure.getMessage()));
            synchronized (this) {
                failures.put(exchange.getExchangeId(), error);
            }
        }
    }
}

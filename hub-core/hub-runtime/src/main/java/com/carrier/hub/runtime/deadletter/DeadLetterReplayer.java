package com.carrier.hub.runtime.deadletter;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Route;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.springframework.stereotype.Component;

/**
 * Replays a dead letter: the original message goes through its route again from the first step after the consumer,
 * under the same error handling. Success deletes the dead letter; another failure updates it (attempts, reason).
 */
@Component
public class DeadLetterReplayer {

    /** What a replay did. */
    public enum Outcome { REPLAYED, FAILED_AGAIN, NOT_FOUND, ROUTE_NOT_RUNNING }

    /** The outcome and, when it failed again, why. */
    public record Result(Outcome outcome, String reason) {
    }

    private final CamelContext camel;
    private final DeadLetterStore store;

    public DeadLetterReplayer(CamelContext camel, DeadLetterStore store) {
        this.camel = camel;
        this.store = store;
    }

    public Result replay(long id) {
        DeadLetter letter = store.find(id).orElse(null);
        if (letter == null) {
            return new Result(Outcome.NOT_FOUND, "no dead letter " + id);
        }
        Route route = camel.getRoute(letter.routeId());
        if (route == null || !camel.getRouteController().getRouteStatus(letter.routeId()).isStarted()) {
            return new Result(Outcome.ROUTE_NOT_RUNNING, "route " + letter.routeId() + " is not running; start or reload it first");
        }
        Exchange exchange = route.getEndpoint().createExchange();
        exchange.getExchangeExtension().setFromRouteId(route.getRouteId());
        exchange.getExchangeExtension().setFromEndpoint(route.getEndpoint());
        exchange.getMessage().setHeaders(new java.util.HashMap<>(letter.headers()));
        exchange.getMessage().setBody(store.body(id));
        exchange.setProperty(DeadLetterStore.REPLAY_OF, id);
        try {
            AsyncProcessorConverterHelper.convert(route.getProcessor()).process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        boolean failed = exchange.getException() != null
                || Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.FAILURE_HANDLED, Boolean.class))
                || exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT) != null;
        if (failed) {
            Throwable cause = exchange.getException() != null ? exchange.getException()
                    : exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
            return new Result(Outcome.FAILED_AGAIN, cause == null ? "failed again" : String.valueOf(cause.getMessage()));
        }
        store.delete(id);
        return new Result(Outcome.REPLAYED, null);
    }
}

package com.carrier.hub.runtime.routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.builder.PredicateBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.scheduler.SchedulerEndpoint;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubMessageBatch;
import com.carrier.hub.api.PermanentFailure;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.responses.ResponsesEndpoint;

/**
 * The route configuration every route gets (it has no id, so it applies to all): a {@link PermanentFailure} — or an
 * exception caused by one — goes to the dead-letter store at once; any other exception is retried with exponential
 * back-off and then goes there. The original message is stored, never dropped; if the store itself fails, the
 * exchange fails and its consumer does not acknowledge the source. An exchange carrying a touchpoint's slice is left to
 * fail back to the dispatcher that sent it. A round of a scheduled flow ({@code from: scheduler:…}) has no message to
 * keep: it is retried the same way, then logged and counted as failed ({@link #ROUND_FAILED}, shown by
 * {@code GET /api/routes}), and the flow's next round does the work. A batch of a batching source (a
 * {@link HubMessageBatch}, one Kafka poll) is retried the same way and then fails: it is never dead-lettered whole
 * (its records are handled together and refused one by one by its flow), so its source does not commit it and delivers
 * it again. A batch of the response collection route ({@code from: hub-responses:in}) is, like a slice, left to fail
 * back at once to the connectors waiting for it: their peers deliver again, so it is neither retried nor dead-lettered.
 */
@Component
public class HubErrorHandling extends RouteConfigurationBuilder {

    /*
     * An exchange carrying a touchpoint's slice (header {@code HubTouchpoint}, through its route and the Kamelets it
     * calls) is answered to its caller, the campaign dispatcher, which keeps the claimed contacts and tries them again:
     * its failure goes back at once, never retried here nor dead-lettered (a replayed slice would reach the peer without
     * its contacts knowing).
     */
    static final String TOUCHPOINT_HEADER = TouchpointSlice.HEADER;

    /** Exchange property set on a scheduled round that failed after its retries (counted failed, not dead-lettered). */
    public static final String ROUND_FAILED = "HubRoundFailed";

    /** A round of a scheduled flow: its exchange comes from a scheduler, carrying no message anyone sent. */
    static final Predicate SCHEDULED_ROUND = exchange -> exchange.getFromEndpoint() instanceof SchedulerEndpoint;

    /** An exchange of a batching source: the poll's records, handled and committed together. */
    static final Predicate BATCH = exchange -> exchange.getMessage().getBody() instanceof HubMessageBatch;

    /** A batch of the responses peers push: its callers wait for it and learn its failure at once. */
    static final Predicate RESPONSES = exchange -> exchange.getFromEndpoint() instanceof ResponsesEndpoint;

    private final RoutesProperties properties;

    public HubErrorHandling(RoutesProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configuration() {
        Predicate notSlice = PredicateBuilder.and(header(TOUCHPOINT_HEADER).isNull(), PredicateBuilder.not(RESPONSES));
        RouteConfigurationDefinition config = routeConfiguration();
        retried(config.onException(Exception.class).onWhen(PredicateBuilder.and(notSlice, SCHEDULED_ROUND)).handled(true))
                .logExhausted(false)
                .setProperty(ROUND_FAILED, constant(true))
                .log(LoggingLevel.WARN, HubErrorHandling.class.getName(),
                        "${fromRouteId}: round failed, the next round does its work: ${exception.message}")
                .end();
        retried(config.onException(Exception.class).onWhen(PredicateBuilder.and(notSlice, BATCH)).handled(false))
                .log(LoggingLevel.WARN, HubErrorHandling.class.getName(),
                        "${fromRouteId}: batch failed, not committed, it comes again: ${exception.message}")
                .end();
        Predicate message = PredicateBuilder.and(notSlice, PredicateBuilder.not(SCHEDULED_ROUND), PredicateBuilder.not(BATCH));
        config.onException(PermanentFailure.class).onWhen(message).handled(true)
                .maximumRedeliveries(0)
                .useOriginalMessage()
                .to("bean:hubDeadLetters?method=store")
                .end();
        retried(config.onException(Exception.class).onWhen(message).handled(true))
                .useOriginalMessage()
                .to("bean:hubDeadLetters?method=store")
                .end();
    }

    /** The retry policy of hub.routes.retry: exponential back-off, each retry logged. */
    private OnExceptionDefinition retried(OnExceptionDefinition on) {
        RoutesProperties.Retry retry = properties.getRetry();
        return on.maximumRedeliveries(retry.getMaxRedeliveries())
                .redeliveryDelay(retry.getInitialDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(retry.getMultiplier())
                .maximumRedeliveryDelay(retry.getMaxDelay().toMillis())
                .retryAttemptedLogLevel(LoggingLevel.WARN);
    }
}

package com.carrier.hub.runtime.routes;

import org.apache.camel.support.EventNotifierSupport;

/**
 * An event notifier that is told only how exchanges end (completed or failed): Camel skips building every other event
 * for it. Route counters and a trace's failures read exchanges this way.
 */
abstract class ExchangeEndNotifier extends EventNotifierSupport {

    ExchangeEndNotifier() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }
}

package com.carrier.hub.runtime.responses;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Primary;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;

/**
 * The hub's {@link ResponseEventSink}: the responses peers push (SMS receipts and replies on the SMPP sessions'
 * threads, portal, MM and app callbacks) go through the response collection route, {@code from: hub-responses:in}
 * (routes/peer-responses-to-response-events.yaml), one exchange per batch, so {@code GET /api/routes} shows the flow
 * with its counters and last error. {@link #append} returns once the caller's batch is stored, with the caller's own
 * count, or throws the caller's own failure; a caller acknowledges its peer only after it returned.
 * <ul>
 *   <li>A call made inside a transaction (a result file's rows, a work order's outcome) joins that transaction and is
 *       written at once by {@link JdbcResponseEventStore}, as before: it is stored, or undone, with the rest of it.</li>
 *   <li>While the route is stopped (by an admin, or while a new version of its file is applied) calls are refused
 *       with {@link ResponsesNotStored} at once, never left waiting: the connectors answer their peers with a failure
 *       and the peers deliver again; the event ids make the second delivery harmless.</li>
 *   <li>A hub that never ran the route (its routes folder has no such file, as in embedded uses and tests) writes
 *       straight to the store, as before the route existed, and says so once in the log.</li>
 * </ul>
 */
@Component
@Primary
public class ResponseCollection implements ResponseEventSink {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCollection.class);

    private final JdbcResponseEventStore store;
    private volatile ResponsesConsumer consumer;
    private volatile String lastRoute;
    private final AtomicBoolean warned = new AtomicBoolean();

    public ResponseCollection(JdbcResponseEventStore store) {
        this.store = store;
    }

    @Override
    public int append(List<ResponseEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return store.append(events);
        }
        ResponsesConsumer c = consumer;
        if (c == null) {
            if (lastRoute != null) {
                throw notRunning();
            }
            if (warned.compareAndSet(false, true)) {
                LOG.warn("responses: no route takes {}:{} on this hub (routes/peer-responses-to-response-events.yaml);"
                        + " response events are stored directly, not counted by a route", ResponsesComponent.SCHEME,
                        ResponsesComponent.IN);
            }
            return store.append(events);
        }
        ResponseBatch.Call call = new ResponseBatch.Call(events);
        c.offer(call);
        try {
            return call.outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponsesNotStored("interrupted while waiting for the response events to be stored; the peer"
                    + " delivers them again (a stored event is not stored twice)", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new ResponsesNotStored(
                    "response events not stored (" + ResponsesNotStored.reason(e.getCause()) + ")", e.getCause());
        }
    }

    /** The route's consumer started: callers go through it from now on. */
    synchronized void taken(ResponsesConsumer by) {
        ResponsesConsumer current = consumer;
        if (current != null && current != by) {
            throw new IllegalStateException(ResponsesComponent.SCHEME + ":" + ResponsesComponent.IN + " is already taken"
                    + " by route " + current.getRouteId() + "; one route collects the responses");
        }
        consumer = by;
        lastRoute = by.getRouteId();
        LOG.info("responses: route {} collects the response events peers push", lastRoute);
    }

    /** The route's consumer stopped: callers are refused until it runs again. */
    synchronized void released(ResponsesConsumer by) {
        if (consumer == by) {
            consumer = null;
            LOG.warn("responses: route {} stopped: response events peers push are refused (they deliver again) until"
                    + " it runs", lastRoute);
        }
    }

    /** Why a call is refused while the route does not run. */
    ResponsesNotStored notRunning() {
        return new ResponsesNotStored("response events not stored: the response collection route " + lastRoute
                + " is not running (stopped, or its file being applied); the peer delivers them again");
    }

    /** The id of the route collecting responses here, or of the last one that did; null when none ever ran. */
    public String route() {
        return lastRoute;
    }
}

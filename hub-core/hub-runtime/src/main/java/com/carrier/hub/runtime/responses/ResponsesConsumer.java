package com.carrier.hub.runtime.responses;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.runtime.responses.ResponseBatch.Call;

/**
 * The consumer of {@code hub-responses:in}: callers' events queue here; one thread drains the queue into batches of at
 * most {@code batchSize} events (a caller's events never split), waiting at most {@code batchInterval} ms for a batch
 * to fill, and runs the route once per batch. When the exchange is done each caller learns its own outcome: the count
 * the store step recorded, or its failure. A caller whose events the route ended without storing (a route edited to
 * drop its store step) gets a failure too, never a silent success.
 *
 * <p>Stopping the route (an admin's stop, an apply of a new version, shutdown) closes the queue first: callers still
 * queued and callers arriving later are refused at once, so their peers deliver again; the batch in flight completes,
 * as Camel's graceful stop waits for it.
 */
public class ResponsesConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ResponsesConsumer.class);

    private final ResponsesEndpoint endpoint;
    private final ResponseCollection collection;
    private final ArrayDeque<Call> queue = new ArrayDeque<>();
    private int queuedEvents;
    private boolean open;
    private ExecutorService thread;

    ResponsesConsumer(ResponsesEndpoint endpoint, Processor processor, ResponseCollection collection) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.collection = collection;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        synchronized (this) {
            open = true;
        }
        collection.taken(this);
        thread = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "hub-responses-" + getRouteId());
        thread.execute(this::run);
    }

    @Override
    protected void doStop() throws Exception {
        refuseAll();
        collection.released(this);
        if (thread != null) {
            // no interrupt: the batch in flight completes (Camel's graceful stop waits for its exchange)
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(thread);
            thread = null;
        }
        super.doStop();
    }

    /** Queues a caller's events for the next batch. */
    void offer(Call call) {
        synchronized (this) {
            if (open) {
                queue.add(call);
                queuedEvents += call.events.size();
                notifyAll();
                return;
            }
        }
        throw collection.notRunning();
    }

    /** How many callers wait for a batch (not counting the batch in flight). */
    synchronized int queuedCallers() {
        return queue.size();
    }

    /** Refuses every queued caller and every later one. */
    private void refuseAll() {
        List<Call> refused;
        synchronized (this) {
            open = false;
            refused = new ArrayList<>(queue);
            queue.clear();
            queuedEvents = 0;
            notifyAll();
        }
        if (!refused.isEmpty()) {
            LOG.warn("responses: route {} stopped with {} callers waiting: refused, their peers deliver again",
                    getRouteId(), refused.size());
        }
        ResponsesNotStored why = collection.notRunning();
        refused.forEach(c -> c.outcome.completeExceptionally(why));
    }

    private void run() {
        List<Call> batch;
        while ((batch = next()) != null) {
            process(batch);
        }
    }

    /** The next batch: waits for a first caller, then up to batchInterval for batchSize events; null once closed. */
    private synchronized List<Call> next() {
        try {
            while (open && queue.isEmpty()) {
                wait();
            }
            long interval = endpoint.getBatchInterval();
            if (interval > 0) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
                long left;
                while (open && queuedEvents < endpoint.getBatchSize() && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (!open) {
            return null;
        }
        List<Call> batch = new ArrayList<>();
        int events = 0;
        Call c;
        while ((c = queue.peek()) != null && (batch.isEmpty() || events + c.events.size() <= endpoint.getBatchSize())) {
            batch.add(queue.poll());
            events += c.events.size();
        }
        queuedEvents -= events;
        return batch;
    }

    private void process(List<Call> calls) {
        Exchange exchange = createExchange(false);
        exchange.getMessage().setBody(new ResponseBatch(calls));
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failed = exchange.getException();
        for (Call c : calls) {
            if (c.failure != null) {
                c.outcome.completeExceptionally(c.failure instanceof ResponsesNotStored ? c.failure
                        : new ResponsesNotStored("response events not stored (" + ResponsesNotStored.reason(c.failure)
                        + "); the peer delivers them again", c.failure));
            } else if (c.inserted != null) {
                c.outcome.complete(c.inserted);
            } else if (failed != null) {
                c.outcome.completeExceptionally(new ResponsesNotStored("response events not stored: route " + getRouteId()
                        + " failed (" + ResponsesNotStored.reason(failed) + "); the peer delivers them again", failed));
            } else {
                c.outcome.completeExceptionally(new ResponsesNotStored("response events not stored: route " + getRouteId()
                        + " ended without storing its batch (its last step must be bean:responseEventStore?method=store);"
                        + " the peer delivers them again"));
            }
        }
        if (failed != null) {
            // the message names no SQL and no event; the route's counters keep it as its last error
            LOG.warn("responses: route {}: a batch of {} callers failed: {}", getRouteId(), calls.size(),
                    ResponsesNotStored.reason(failed));
        }
        releaseExchange(exchange, false);
    }
}

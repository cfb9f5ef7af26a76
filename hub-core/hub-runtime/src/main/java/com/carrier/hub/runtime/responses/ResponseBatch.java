package com.carrier.hub.runtime.responses;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.carrier.hub.api.ResponseEvent;

/**
 * The body of one exchange of the response collection route ({@code from: hub-responses:in}): the response events of
 * the callers that arrived together, each caller's events kept apart so that each caller learns what became of its
 * own. The store step ({@link JdbcResponseEventStore#store}) writes them and records each caller's outcome here.
 */
public final class ResponseBatch {

    /** One caller's events (a deliver_sm's receipt, a callback request's events), and what became of them. */
    public static final class Call {

        final List<ResponseEvent> events;
        /** Set by the store: how many of the events were new; null until stored. */
        volatile Integer inserted;
        /** Set by the store: why the events could not be stored; nothing of them is stored then. */
        volatile RuntimeException failure;
        /** Completed for the waiting caller once the batch's exchange is done. */
        final CompletableFuture<Integer> outcome = new CompletableFuture<>();

        Call(List<ResponseEvent> events) {
            this.events = List.copyOf(events);
        }

        public List<ResponseEvent> events() {
            return events;
        }

        void stored(int count) {
            inserted = count;
        }

        void failed(RuntimeException e) {
            failure = e;
        }

        boolean settled() {
            return inserted != null || failure != null;
        }
    }

    private final List<Call> calls;
    private final int events;

    ResponseBatch(List<Call> calls) {
        this.calls = Collections.unmodifiableList(new ArrayList<>(calls));
        this.events = calls.stream().mapToInt(c -> c.events.size()).sum();
    }

    /** The callers' events, each caller's apart, in arrival order. */
    public List<Call> calls() {
        return calls;
    }

    /** How many events the batch holds. */
    public int size() {
        return events;
    }

    @Override
    public String toString() {
        // what a trace or a log shows of the body: counts, never the events (they carry MSISDNs)
        return "ResponseBatch[" + calls.size() + " callers, " + events + " events]";
    }
}

package com.carrier.hub.connector.sms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;

/** Test double of the hub's response store: keeps events by (source, eventId), can be told to fail. */
final class InMemoryResponseEventSink implements ResponseEventSink {

    private final Map<String, ResponseEvent> events = new LinkedHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();

    @Override
    public synchronized int append(List<ResponseEvent> batch) {
        if (failNext.get() > 0 && failNext.getAndDecrement() > 0) {
            throw new IllegalStateException("simulated store outage");
        }
        int added = 0;
        for (ResponseEvent e : batch) {
            if (events.putIfAbsent(e.source() + "|" + e.eventId(), e) == null) {
                added++;
            }
        }
        return added;
    }

    void failNext(int count) {
        failNext.set(count);
    }

    synchronized List<ResponseEvent> events() {
        return new ArrayList<>(events.values());
    }

    synchronized List<ResponseEvent> ofType(ResponseEvent.Type type) {
        return events.values().stream().filter(e -> e.type() == type).toList();
    }

    synchronized void clear() {
        events.clear();
    }
}

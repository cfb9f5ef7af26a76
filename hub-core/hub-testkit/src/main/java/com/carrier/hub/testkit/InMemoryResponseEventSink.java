package com.carrier.hub.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;

/** Test stand-in for the runtime's durable sink, with its contract: (source, eventId) stored once, all or nothing. */
public class InMemoryResponseEventSink implements ResponseEventSink {

    private final Map<String, ResponseEvent> events = new LinkedHashMap<>();
    private volatile boolean failing;

    @Override
    public synchronized int append(List<ResponseEvent> batch) {
        if (failing) {
            throw new IllegalStateException("test sink: database unavailable");
        }
        int added = 0;
        Map<String, ResponseEvent> fresh = new LinkedHashMap<>();
        for (ResponseEvent e : batch) {
            String key = e.source() + "\u0000" + e.eventId();
            if (!events.containsKey(key) && !fresh.containsKey(key)) {
                fresh.put(key, e);
                added++;
            }
        }
        events.putAll(fresh);
        return added;
    }

    public synchronized List<ResponseEvent> all() {
        return new ArrayList<>(events.values());
    }

    public synchronized void clear() {
        events.clear();
        failing = false;
    }

    public void failing(boolean fail) {
        failing = fail;
    }
}

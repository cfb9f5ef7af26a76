package com.acme.kiosk;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;

/**
 * The customers' taps on shown offers, read back from the display service ({@code GET /taps?from=<seq>}, a line
 * {@code seq TAB tapId TAB campaignId TAB msisdn TAB epochMillis} each) and stored in the hub's response store as
 * CLICKED events keyed by the service's tap id. The service may report a tap twice; the store keeps it once. The
 * position is advanced only once the store has taken the taps, so none is lost when the store is unavailable.
 */
public class KioskTaps implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KioskTaps.class);

    private final KioskProperties properties;
    private final HttpClient http;
    private final ResponseEventSink sink;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kiosk-taps");
        t.setDaemon(true);
        return t;
    });
    private long next = 1;

    public KioskTaps(KioskProperties properties, HttpClient http, ResponseEventSink sink) {
        this.properties = properties;
        this.http = http;
        this.sink = sink;
    }

    public void start() {
        long every = properties.getPollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    void poll() {
        try {
            HttpRequest request = HttpRequest.newBuilder(properties.getUrl().resolve("/taps?from=" + next))
                    .timeout(properties.getTimeout()).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                LOG.warn("kiosk {}/taps answered HTTP {}; read again in {}", properties.getUrl(), response.statusCode(),
                        properties.getPollInterval());
                return;
            }
            List<ResponseEvent> events = new ArrayList<>();
            long last = next - 1;
            for (String line : response.body().split("\n")) {
                String[] f = line.split("\t");
                if (f.length != 5) {
                    continue;
                }
                last = Math.max(last, Long.parseLong(f[0]));
                events.add(new ResponseEvent("kiosk", f[1], "KIOSK", ResponseEvent.Type.CLICKED, f[3], f[2], f[1],
                        Instant.ofEpochMilli(Long.parseLong(f[4])), null));
            }
            if (!events.isEmpty()) {
                int stored = sink.append(events);
                LOG.info("kiosk: {} taps read, {} new", events.size(), stored);
            }
            next = last + 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the next poll reads the same taps again
            LOG.warn("kiosk {}/taps: {}; read again in {}", properties.getUrl(), e.toString(), properties.getPollInterval());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}

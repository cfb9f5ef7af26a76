package com.carrier.hub.bench;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;

import com.carrier.hub.connector.portal.Offer;
import com.carrier.hub.connector.portal.PortalClient;
import com.carrier.hub.connector.portal.PortalProperties;
import com.carrier.hub.http.PushResult;
import com.carrier.hub.simulators.portal.PortalSimulator;

import ch.qos.logback.classic.Level;

/**
 * Offers per second from the portal connector's Java API ({@link PortalClient#pushOffers}, the campaign engine's
 * path) to the portal simulator on loopback: real HTTP, JSON, 500 offers a request, the breaker and retry machinery
 * in the path. Offers are generated in chunks (so the heap holds one chunk, not the run) and every one must come back
 * ACCEPTED and be counted by the simulator.
 */
public class HttpPushBench implements BenchScenario {

    @Override
    public String name() {
        return "http-push";
    }

    @Override
    public String usage() {
        return "offers/s pushed to the portal simulator: --offers 1000000 --batch 500 --concurrency 4 --chunk 50000 --server-threads 4";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        long total = options.getLong("offers", 1_000_000);
        int batch = options.getInt("batch", 500);
        int concurrency = options.getInt("concurrency", 4);
        int chunk = options.getInt("chunk", 50_000);
        PortalSimulator portal = new PortalSimulator("bench-token", "bench-secret", 500);
        portal.threads(options.getInt("server-threads", 4)).retainItems(false);
        portal.start();
        PortalProperties p = new PortalProperties();
        p.setBaseUrl(portal.baseUrl());
        p.setToken("bench-token");
        p.setCallbackSecret("unused");
        p.setBatchSize(batch);
        p.setConcurrency(concurrency);
        OffsetDateTime from = OffsetDateTime.of(2026, 11, 22, 8, 0, 0, 0, ZoneOffset.ofHours(8));
        try (PortalClient client = new PortalClient(p)) {
            // Warm-up: JIT, connections; not counted.
            client.pushOffers(offers("WARM", 0, Math.min(chunk, 20_000), from));
            portal.clear();
            PeakHeap.reset();
            long accepted = 0;
            long other = 0;
            long start = System.nanoTime();
            for (long done = 0; done < total; done += chunk) {
                int n = (int) Math.min(chunk, total - done);
                for (PushResult r : client.pushOffers(offers("BENCH", done, n, from))) {
                    if (r.isAccepted()) {
                        accepted++;
                    } else {
                        other++;
                    }
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            double perSecond = accepted / (took.toNanos() / 1e9);
            System.out.printf("pushed %,d offers in %.2f s: %,.0f offers/s; %d requests, largest %d, peer counted %,d%n",
                    accepted, took.toMillis() / 1000.0, perSecond, portal.requests(), portal.largestBatch(),
                    portal.itemsReceived());
            if (other > 0 || portal.itemsReceived() != total) {
                throw new IllegalStateException("http-push: " + other + " offers not accepted, simulator counted "
                        + portal.itemsReceived() + " of " + total);
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("offers", accepted);
            figures.put("seconds", String.format("%.2f", took.toMillis() / 1000.0));
            figures.put("offers_per_s", Math.round(perSecond));
            figures.put("requests", portal.requests());
            figures.put("batch", batch);
            figures.put("concurrency", concurrency);
            figures.put("peak_heap_mib", PeakHeap.peakMiB());
            return figures;
        } finally {
            portal.stop();
        }
    }

    static List<Offer> offers(String campaign, long first, int count, OffsetDateTime from) {
        List<Offer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String msisdn = Long.toString(13_000_000_000L + first + i);
            out.add(Offer.of(campaign, msisdn, "P1001", "5G 流量包 8 折", "本月办理 5G 流量包立享 8 折，点击查看",
                    "https://portal.example/offers/P1001", from, from.plusDays(7)));
        }
        return out;
    }
}

package com.carrier.hub.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Pushes items to a peer's batch-upsert endpoint (PEERS §3.1 and §4.2 share the shape): at most {@code batchSize}
 * items a request as {@code {"<itemsField>":[…]}}, a few batches in flight at once, and turns the peer's answer
 * {@code {"accepted":N,"rejected":[{"<key>":"…","reason":"…"}]}} into one {@link PushResult} per item, in input order.
 *
 * <p>A batch the peer refuses whole with a 4xx (a bad request) fails its items with the peer's answer as the reason;
 * a batch that cannot be delivered (circuit open, retries used up) leaves its items UNDELIVERED. Other batches
 * still go.
 *
 * @param <T> the item type, serialised by Jackson
 */
public final class BatchPusher<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchPusher.class);

    private final String peer;
    private final URI url;
    private final String itemsField;
    private final String keyField;
    private final Function<T, String> keyOf;
    private final int batchSize;
    private final PeerHttp http;
    private final ObjectMapper json;
    private final ExecutorService pool;
    private final Map<PushResult.Status, Counter> counters = new java.util.EnumMap<>(PushResult.Status.class);
    private final AnswerReader<T> answerReader;

    /**
     * Turns a peer's 2xx answer to one batch into one result per item of the batch, in the batch's order. The default
     * reads {@code {"accepted":N,"rejected":[…]}} (PEERS §3.1, §4.2); a peer that answers per item (the app, §10.1)
     * brings its own.
     */
    @FunctionalInterface
    public interface AnswerReader<T> {
        List<PushResult> read(List<? extends T> batch, byte[] body);
    }

    /**
     * @param itemsField the request's array field ({@code offers}, {@code items})
     * @param keyField   the item key's field name in the request and in the peer's {@code rejected} list
     * @param concurrency batches in flight at once
     * @param meters      where {@code hub.connector.push.items} (tags connector, status) is counted
     */
    public BatchPusher(String peer, URI url, String itemsField, String keyField, Function<T, String> keyOf,
                       int batchSize, int concurrency, PeerHttp http, ObjectMapper json, MeterRegistry meters) {
        this(peer, url, itemsField, keyField, keyOf, batchSize, concurrency, http, json, meters, null);
    }

    /** @param answerReader how the peer's 2xx answer to a batch is read; null for accepted/rejected (§3.1) */
    public BatchPusher(String peer, URI url, String itemsField, String keyField, Function<T, String> keyOf,
                       int batchSize, int concurrency, PeerHttp http, ObjectMapper json, MeterRegistry meters,
                       AnswerReader<T> answerReader) {
        this.answerReader = answerReader != null ? answerReader : this::results;
        for (PushResult.Status status : PushResult.Status.values()) {
            counters.put(status, Counter.builder("hub.connector.push.items").tag("connector", peer)
                    .tag("status", status.name()).description("Items pushed to the peer, by outcome").register(meters));
        }
        this.peer = peer;
        this.url = url;
        this.itemsField = itemsField;
        this.keyField = keyField;
        this.keyOf = keyOf;
        this.batchSize = batchSize;
        this.http = http;
        this.json = json;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, peer + "-push-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Pushes every item; returns one result per item in input order. Never throws for peer trouble. */
    public List<PushResult> push(List<? extends T> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        List<Future<List<PushResult>>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += batchSize) {
            List<? extends T> batch = items.subList(from, Math.min(items.size(), from + batchSize));
            batches.add(pool.submit(() -> pushBatch(batch)));
        }
        List<PushResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < batches.size(); i++) {
            try {
                results.addAll(batches.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batches.forEach(f -> f.cancel(true));
                throw new PeerUnavailableException(peer + ": interrupted while pushing to " + url, e);
            } catch (ExecutionException e) {
                int from = i * batchSize;
                String reason = peer + ": POST " + url + ": " + PeerHttp.reason(e.getCause());
                for (T item : items.subList(from, Math.min(items.size(), from + batchSize))) {
                    results.add(PushResult.undelivered(keyOf.apply(item), reason));
                }
            }
        }
        return results;
    }

    /** POSTs an empty batch once, without retry: proves the endpoint and the token without changing anything. */
    public HttpResponse<byte[]> probe() throws Exception {
        byte[] body = json.writeValueAsBytes(Map.of(itemsField, List.of()));
        return http.once(http.request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private List<PushResult> pushBatch(List<? extends T> batch) {
        List<PushResult> results = send(batch);
        for (PushResult r : results) {
            counters.get(r.status()).increment();
        }
        return results;
    }

    private List<PushResult> send(List<? extends T> batch) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(Map.of(itemsField, batch));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(peer + ": cannot write a batch as JSON: " + e.getOriginalMessage(), e);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(() -> http.request(url).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        } catch (PeerUnavailableException e) {
            return all(batch, PushResult.Status.UNDELIVERED, e.getMessage());
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            // The token, not the items, is wrong: nothing is the items' fault, so they stay deliverable.
            return all(batch, PushResult.Status.UNDELIVERED, peer + ": POST " + url + " refused the bearer token with "
                    + status + PeerHttp.snippet(response.body()) + "; check hub.connectors." + peer + ".token");
        }
        if (status < 200 || status >= 300) {
            return all(batch, PushResult.Status.FAILED, peer + " refused the batch with " + status
                    + PeerHttp.snippet(response.body()));
        }
        return answerReader.read(batch, response.body());
    }

    private List<PushResult> results(List<? extends T> batch, byte[] body) {
        Map<String, String> rejected = new HashMap<>();
        try {
            JsonNode answer = json.readTree(body);
            JsonNode list = answer == null ? null : answer.get("rejected");
            if (list != null && list.isArray()) {
                for (JsonNode r : list) {
                    String key = r.path(keyField).asText(r.path("key").asText(null));
                    if (key != null) {
                        String reason = r.path("reason").asText("");
                        rejected.put(key, reason.isEmpty() ? "rejected by " + peer + " without a reason" : reason);
                    }
                }
            }
        } catch (Exception e) {
            // The peer took the batch (2xx) but its answer is unreadable: its items are most likely stored.
            LOG.warn("{}: POST {} answered 2xx with an unreadable body; counting the batch as accepted: {}", peer, url,
                    e.getMessage());
        }
        List<PushResult> results = new ArrayList<>(batch.size());
        for (T item : batch) {
            String key = keyOf.apply(item);
            String reason = rejected.get(key);
            results.add(reason == null ? PushResult.accepted(key) : PushResult.failed(key, reason));
        }
        return results;
    }

    private List<PushResult> all(List<? extends T> batch, PushResult.Status status, String reason) {
        List<PushResult> results = new ArrayList<>(batch.size());
        for (T item : batch) {
            results.add(new PushResult(keyOf.apply(item), status, reason));
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

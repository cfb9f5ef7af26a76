package com.carrier.hub.http;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The hub's client of one HTTP peer that takes items in batches ({@code {"<itemsField>":[…]}}): the bulk Java API
 * the campaign engine's touchpoints call, and the health probe. One circuit breaker guards every call to the peer,
 * published as {@code hub.connector.circuit.open}.
 *
 * @param <T> the item type, read and written by Jackson
 */
public abstract class HttpPeerClient<T> implements AutoCloseable {

    private final String peer;
    private final URI baseUrl;
    private final URI batchUrl;
    private final PeerHttp http;
    private final BatchPusher<T> pusher;
    private final ObjectMapper json;

    /**
     * @param peer       the connector id, used in messages, metrics and as the breaker's name
     * @param batchPath  the batch endpoint, relative to the base URL
     * @param itemsField the request's array field ({@code offers}, {@code items})
     * @param keyField   the item key's field name in the request and in the peer's {@code rejected} list
     * @param meters     where push counts and the circuit state are published
     */
    protected HttpPeerClient(String peer, HttpPeerProperties properties, String batchPath, String itemsField,
                             String keyField, Function<T, String> keyOf, MeterRegistry meters) {
        this(peer, properties, batchPath, itemsField, keyField, keyOf, meters, null);
    }

    /** @param answerReader how the peer's 2xx answer to a batch is read; null for accepted/rejected (PEERS §3.1) */
    protected HttpPeerClient(String peer, HttpPeerProperties properties, String batchPath, String itemsField,
                             String keyField, Function<T, String> keyOf, MeterRegistry meters,
                             BatchPusher.AnswerReader<T> answerReader) {
        this.peer = peer;
        String base = properties.getBaseUrl().toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.batchUrl = baseUrl.resolve(batchPath);
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.http = new PeerHttp(peer, properties.getToken(), properties.getConnectTimeout(),
                properties.getRequestTimeout(), properties.getRetry(), properties.getCircuitBreaker().create(peer));
        this.pusher = new BatchPusher<>(peer, batchUrl, itemsField, keyField, keyOf, properties.getBatchSize(),
                properties.getConcurrency(), http, json, meters, answerReader);
        Gauge.builder("hub.connector.circuit.open", http.breaker(), b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .tag("connector", peer).description("1 while the peer's circuit breaker is open").register(meters);
    }

    /**
     * Pushes the items in batches of at most the configured size and returns one result per item, in input order:
     * ACCEPTED, FAILED with the peer's reason, or UNDELIVERED when the peer could not be reached (push again later;
     * upserts are harmless). Does not throw for peer trouble.
     */
    protected List<PushResult> push(List<T> items) {
        return pusher.push(items);
    }

    /** Probe: an empty batch, which proves the address, the endpoint and the token without changing anything. */
    public Map<String, Object> probe() throws Exception {
        HttpResponse<byte[]> response = pusher.probe();
        String where = "POST " + batchUrl;
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IllegalStateException(where + " refused the bearer token (" + response.statusCode()
                    + "); check hub.connectors." + peer + ".token");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(where + " answered " + response.statusCode()
                    + PeerHttp.snippet(response.body()));
        }
        return Map.of("url", baseUrl.toString(), "circuitBreaker", http.breaker().getState().name());
    }

    /** The JSON mapper requests and answers are read and written with. */
    protected ObjectMapper json() {
        return json;
    }

    public PeerHttp http() {
        return http;
    }

    /** The peer's base URL, ending with a slash so relative paths resolve under it. */
    protected URI baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        pusher.close();
    }
}

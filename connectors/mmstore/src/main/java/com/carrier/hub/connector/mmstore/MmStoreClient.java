package com.carrier.hub.connector.mmstore;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.PermanentFailure;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * The hub's client of the MM store (PEERS §4.2): pushes app recommendations in batches. The campaign engine calls
 * {@link #pushRecommendations} in bulk (after {@link HandsetAdaptation}); routes use the Kamelet
 * {@code mmstore-recommendation-sink}. One circuit breaker guards every call to MM.
 */
public class MmStoreClient implements AutoCloseable {

    static final String RECOMMENDATIONS_PATH = "api/v1/recommendations:batch";

    private final URI baseUrl;
    private final PeerHttp http;
    private final BatchPusher<Recommendation> pusher;
    private final ObjectMapper json;

    public MmStoreClient(MmStoreProperties properties) {
        this(properties, Metrics.globalRegistry);
    }

    /** @param meters where push counts and the circuit state ({@code hub.connector.circuit.open}) are published */
    public MmStoreClient(MmStoreProperties properties, MeterRegistry meters) {
        String base = properties.getBaseUrl().toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base : base + "/");
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.http = new PeerHttp("mmstore", properties.getToken(), properties.getConnectTimeout(),
                properties.getRequestTimeout(), properties.getRetry(), properties.getCircuitBreaker().create("mmstore"));
        this.pusher = new BatchPusher<>("mmstore", baseUrl.resolve(RECOMMENDATIONS_PATH), "items", "recKey",
                Recommendation::recKey, properties.getBatchSize(), properties.getConcurrency(), http, json, meters);
        Gauge.builder("hub.connector.circuit.open", http.breaker(), b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .tag("connector", "mmstore").description("1 while the peer's circuit breaker is open").register(meters);
    }

    /**
     * Pushes the recommendations in batches of at most the configured size; one result per recommendation, in input
     * order: ACCEPTED, FAILED with MM's reason, or UNDELIVERED when MM could not be reached. Does not throw for MM
     * trouble.
     */
    public List<PushResult> pushRecommendations(List<Recommendation> recommendations) {
        return pusher.push(recommendations);
    }

    /**
     * What the Kamelet {@code mmstore-recommendation-sink} calls: a {@link Recommendation}, a collection of them, or
     * JSON ({@code {"items":[…]}}, an array, or one item). Throws {@link PeerUnavailableException} when some were not
     * delivered, so the route's error handling retries.
     */
    public List<PushResult> pushBody(Object body) throws Exception {
        List<PushResult> results = pushRecommendations(toRecommendations(body));
        for (PushResult r : results) {
            if (r.status() == PushResult.Status.UNDELIVERED) {
                throw new PeerUnavailableException(r.reason());
            }
        }
        return results;
    }

    /** Probe: an empty batch, which proves the address, the endpoint and the token without changing anything. */
    public Map<String, Object> probe() throws Exception {
        HttpResponse<byte[]> response = pusher.probe();
        String where = "POST " + baseUrl.resolve(RECOMMENDATIONS_PATH);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IllegalStateException(where + " refused the bearer token (" + response.statusCode()
                    + "); check hub.connectors.mmstore.token");
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(where + " answered " + response.statusCode()
                    + PeerHttp.snippet(response.body()));
        }
        return Map.of("url", baseUrl.toString(), "circuitBreaker", http.breaker().getState().name());
    }

    public PeerHttp http() {
        return http;
    }

    private List<Recommendation> toRecommendations(Object body) throws Exception {
        if (body instanceof Recommendation r) {
            return List.of(r);
        }
        if (body instanceof Collection<?> items) {
            List<Recommendation> out = new ArrayList<>(items.size());
            for (Object item : items) {
                out.add(item instanceof Recommendation r ? r : json.convertValue(item, Recommendation.class));
            }
            return out;
        }
        JsonNode tree;
        if (body instanceof byte[] bytes) {
            tree = json.readTree(bytes);
        } else if (body instanceof InputStream in) {
            tree = json.readTree(in);
        } else if (body instanceof String text) {
            tree = json.readTree(text);
        } else if (body instanceof Map<?, ?> map) {
            tree = json.valueToTree(map);
        } else {
            throw new PermanentFailure("BAD_BODY", "mmstore-recommendation-sink: cannot push a body of type "
                    + (body == null ? "null" : body.getClass().getName()) + "; send Recommendation objects or items JSON");
        }
        if (tree.isObject() && tree.has("items")) {
            tree = tree.get("items");
        }
        if (tree.isArray()) {
            return json.convertValue(tree, new TypeReference<List<Recommendation>>() { });
        }
        return List.of(json.treeToValue(tree, Recommendation.class));
    }

    @Override
    public void close() {
        pusher.close();
    }
}

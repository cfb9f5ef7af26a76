package com.carrier.hub.connector.portal;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The hub's client of the portal (PEERS §3.1): pushes offers in batches and withdraws campaigns. The campaign engine
 * calls {@link #pushOffers} in bulk; routes reach the same client through the Kamelets {@code portal-offer-sink}
 * and {@code portal-offer-withdraw-sink}. One circuit breaker guards every call to the portal.
 */
public class PortalClient implements AutoCloseable {

    static final String OFFERS_PATH = "api/v1/offers:batchUpsert";
    static final String WITHDRAW_PATH = "api/v1/offers/";

    private final URI baseUrl;
    private final PeerHttp http;
    private final BatchPusher<Offer> pusher;
    private final ObjectMapper json;

    public PortalClient(PortalProperties properties) {
        this(properties, Metrics.globalRegistry);
    }

    /** @param meters where push counts and the circuit state ({@code hub.connector.circuit.open}) are published */
    public PortalClient(PortalProperties properties, MeterRegistry meters) {
        this.baseUrl = withSlash(properties.getBaseUrl());
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.http = new PeerHttp("portal", properties.getToken(), properties.getConnectTimeout(),
                properties.getRequestTimeout(), properties.getRetry(), properties.getCircuitBreaker().create("portal"));
        this.pusher = new BatchPusher<>("portal", baseUrl.resolve(OFFERS_PATH), "offers", "offerKey",
                Offer::offerKey, properties.getBatchSize(), properties.getConcurrency(), http, json, meters);
        Gauge.builder("hub.connector.circuit.open", http.breaker(), b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .tag("connector", "portal").description("1 while the peer's circuit breaker is open").register(meters);
    }

    /**
     * Pushes the offers in batches of at most the configured size and returns one result per offer, in input order:
     * ACCEPTED, FAILED with the portal's reason (record a FAILED contact), or UNDELIVERED when the portal could not be
     * reached (push again later; upserts are harmless). Does not throw for portal trouble.
     */
    public List<PushResult> pushOffers(List<Offer> offers) {
        return pusher.push(offers);
    }

    /**
     * Withdraws every offer of a campaign ({@code DELETE /api/v1/offers/{campaignId}}).
     *
     * @return true when the portal withdrew it, false when it knew no offer of that campaign (404)
     * @throws PeerUnavailableException when the portal cannot be reached (retry later)
     * @throws PermanentFailure         when the portal refuses the request
     */
    public boolean withdrawCampaign(String campaignId) {
        if (campaignId == null || campaignId.isBlank()) {
            throw new PermanentFailure("BAD_CAMPAIGN_ID", "portal: withdraw needs a campaign id, got none");
        }
        URI uri = baseUrl.resolve(WITHDRAW_PATH + URLEncoder.encode(campaignId.trim(), StandardCharsets.UTF_8)
                .replace("+", "%20"));
        HttpResponse<byte[]> response = http.send(() -> http.request(uri).DELETE().build());
        int status = response.statusCode();
        if (status == 404) {
            return false;
        }
        if (status < 200 || status >= 300) {
            throw new PermanentFailure("PORTAL_REFUSED", "portal: DELETE " + uri + " answered " + status
                    + PeerHttp.snippet(response.body()));
        }
        return true;
    }

    /**
     * What the Kamelet {@code portal-offer-sink} calls: the body may be an {@link Offer}, a collection of them, or
     * JSON ({@code {"offers":[…]}}, an array, or one offer). Returns the results; throws
     * {@link PeerUnavailableException} when some offers were not delivered, so the route's error handling retries.
     */
    public List<PushResult> pushBody(Object body) throws Exception {
        List<Offer> offers = toOffers(body);
        List<PushResult> results = pushOffers(offers);
        for (PushResult r : results) {
            if (r.status() == PushResult.Status.UNDELIVERED) {
                throw new PeerUnavailableException(r.reason());
            }
        }
        return results;
    }

    /** Probe: an empty batch upsert, which proves the address, the endpoint and the token without changing anything. */
    public Map<String, Object> probe() throws Exception {
        HttpResponse<byte[]> response = pusher.probe();
        String where = "POST " + baseUrl.resolve(OFFERS_PATH);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IllegalStateException(where + " refused the bearer token (" + response.statusCode()
                    + "); check hub.connectors.portal.token");
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

    private List<Offer> toOffers(Object body) throws Exception {
        if (body instanceof Offer offer) {
            return List.of(offer);
        }
        if (body instanceof Collection<?> items) {
            List<Offer> offers = new ArrayList<>(items.size());
            for (Object item : items) {
                offers.add(item instanceof Offer o ? o : json.convertValue(item, Offer.class));
            }
            return offers;
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
            throw new PermanentFailure("BAD_BODY", "portal-offer-sink: cannot push a body of type "
                    + (body == null ? "null" : body.getClass().getName()) + "; send Offer objects or offers JSON");
        }
        if (tree.isObject() && tree.has("offers")) {
            tree = tree.get("offers");
        }
        if (tree.isArray()) {
            return json.convertValue(tree, new TypeReference<List<Offer>>() { });
        }
        return List.of(json.treeToValue(tree, Offer.class));
    }

    private static URI withSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? uri : URI.create(s + "/");
    }

    @Override
    public void close() {
        pusher.close();
    }
}

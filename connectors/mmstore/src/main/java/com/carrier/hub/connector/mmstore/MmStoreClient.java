package com.carrier.hub.connector.mmstore;

import java.util.List;

import com.carrier.hub.http.HttpPeerClient;
import com.carrier.hub.http.PushResult;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * The hub's client of the MM store (PEERS §4.2): pushes app recommendations in batches. The campaign engine calls
 * {@link #pushRecommendations} in bulk through {@link MmTouchpoint} (after {@link HandsetAdaptation}); no route pushes
 * recommendations by itself. One circuit breaker guards every call to MM.
 */
public class MmStoreClient extends HttpPeerClient<Recommendation> {

    static final String RECOMMENDATIONS_PATH = "api/v1/recommendations:batch";

    public MmStoreClient(MmStoreProperties properties) {
        this(properties, Metrics.globalRegistry);
    }

    /** @param meters where push counts and the circuit state ({@code hub.connector.circuit.open}) are published */
    public MmStoreClient(MmStoreProperties properties, MeterRegistry meters) {
        super("mmstore", properties, RECOMMENDATIONS_PATH, "items", "recKey", Recommendation::recKey, meters);
    }

    /**
     * Pushes the recommendations in batches of at most the configured size; one result per recommendation, in input
     * order: ACCEPTED, FAILED with MM's reason, or UNDELIVERED when MM could not be reached. Does not throw for MM
     * trouble.
     */
    public List<PushResult> pushRecommendations(List<Recommendation> recommendations) {
        return push(recommendations);
    }
}

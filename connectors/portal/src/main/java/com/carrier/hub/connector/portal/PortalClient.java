package com.carrier.hub.connector.portal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.carrier.hub.api.PermanentFailure;
import com.carrier.hub.http.HttpPeerClient;
import com.carrier.hub.http.PeerHttp;
import com.carrier.hub.http.PeerUnavailableException;
import com.carrier.hub.http.PushResult;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * The hub's client of the portal (PEERS §3.1): pushes offers in batches and withdraws campaigns. The campaign engine
 * calls {@link #pushOffers} in bulk through {@link PortalTouchpoint}; no route pushes offers by itself. One circuit
 * breaker guards every call to the portal.
 */
public class PortalClient extends HttpPeerClient<Offer> {

    static final String OFFERS_PATH = "api/v1/offers:batchUpsert";
    static final String WITHDRAW_PATH = "api/v1/offers/";

    public PortalClient(PortalProperties properties) {
        this(properties, Metrics.globalRegistry);
    }

    /** @param meters where push counts and the circuit state ({@code hub.connector.circuit.open}) are published */
    public PortalClient(PortalProperties properties, MeterRegistry meters) {
        super("portal", properties, OFFERS_PATH, "offers", "offerKey", Offer::offerKey, meters);
    }

    /**
     * Pushes the offers in batches of at most the configured size and returns one result per offer, in input order:
     * ACCEPTED, FAILED with the portal's reason (record a FAILED contact), or UNDELIVERED when the portal could not be
     * reached (push again later; upserts are harmless). Does not throw for portal trouble.
     */
    public List<PushResult> pushOffers(List<Offer> offers) {
        return push(offers);
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
        URI uri = baseUrl().resolve(WITHDRAW_PATH + URLEncoder.encode(campaignId.trim(), StandardCharsets.UTF_8)
                .replace("+", "%20"));
        PeerHttp http = http();
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
}

package com.carrier.hub.simulators.portal;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/**
 * The carrier's portal (PEERS §3.1, §3.2): takes {@code POST /api/v1/offers:batchUpsert} with at most 500 offers,
 * {@code DELETE /api/v1/offers/{campaignId}}, and fires signed event callbacks at {@code {hub}/feedback/portal}.
 */
public class PortalSimulator extends HttpPeerSimulator {

    public static final String BATCH_PATH = "/api/v1/offers:batchUpsert";
    private static final String WITHDRAW_PREFIX = "/api/v1/offers/";

    /** Sandbox defaults: token {@code sandbox-portal-token}, callback secret {@code sandbox-portal-secret}, 500 a batch. */
    public PortalSimulator() {
        this("sandbox-portal-token", "sandbox-portal-secret", 500);
    }

    public PortalSimulator(String token, String callbackSecret, int batchLimit) {
        super("portal", "Portal site (HTTP)", BATCH_PATH, "offers", "offerKey", token, callbackSecret, batchLimit);
    }

    /** {@code <hub>/feedback/portal}. */
    public static URI feedbackUrl(URI hub) {
        return URI.create(hub.toString().replaceAll("/+$", "") + "/feedback/portal");
    }

    /** One §3.2 event as the portal sends it, {@code offerKey} = {@code campaignId:msisdn}, timed now (+08:00). */
    public static Map<String, Object> event(String eventId, String type, String msisdn, String campaignId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", eventId);
        e.put("type", type);
        e.put("msisdn", msisdn);
        e.put("campaignId", campaignId);
        e.put("offerKey", campaignId + ":" + msisdn);
        e.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)));
        return e;
    }

    @Override
    protected void handleOther(HttpExchange exchange, String method, String path) throws IOException {
        if (method.equals("DELETE") && path.startsWith(WITHDRAW_PREFIX) && path.length() > WITHDRAW_PREFIX.length()) {
            String campaignId = URLDecoder.decode(path.substring(WITHDRAW_PREFIX.length()), StandardCharsets.UTF_8);
            int before = storedItems().size();
            storedItems().values().removeIf(offer -> campaignId.equals(offer.path("campaignId").asText(null)));
            int withdrawn = before - storedItems().size();
            if (withdrawn == 0) {
                respond(exchange, 404, error("no offers of campaign " + campaignId));
            } else {
                respond(exchange, 200, toJson(Map.of("campaignId", campaignId, "withdrawn", withdrawn)));
            }
            return;
        }
        super.handleOther(exchange, method, path);
    }
}

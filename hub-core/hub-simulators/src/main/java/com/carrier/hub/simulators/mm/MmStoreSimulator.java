package com.carrier.hub.simulators.mm;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import com.carrier.hub.simulators.portal.HttpPeerSimulator;

/**
 * The MM app store (PEERS §4.2, §4.3): takes {@code POST /api/v1/recommendations:batch} with at most 500 items keyed
 * {@code recKey}, answering as the portal does, and fires signed download callbacks at {@code {hub}/feedback/mm}.
 * The §4.1 catalog file travels by SFTP (the SFTP simulator's {@code /mm/out/catalog/}), not through this server.
 */
public class MmStoreSimulator extends HttpPeerSimulator {

    public static final String BATCH_PATH = "/api/v1/recommendations:batch";

    /** Sandbox defaults: token {@code sandbox-mm-token}, callback secret {@code sandbox-mm-secret}, 500 a batch. */
    public MmStoreSimulator() {
        this("sandbox-mm-token", "sandbox-mm-secret", 500);
    }

    public MmStoreSimulator(String token, String callbackSecret, int batchLimit) {
        super("mmstore", "MM app store (HTTP)", BATCH_PATH, "items", "recKey", token, callbackSecret, batchLimit);
    }

    /** One §4.3 event as MM sends it ({@code DOWNLOAD} or {@code INSTALL}), timed now (+08:00). */
    public static Map<String, Object> event(String eventId, String type, String msisdn, String campaignId,
                                            String appId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", eventId);
        e.put("type", type);
        e.put("msisdn", msisdn);
        e.put("campaignId", campaignId);
        e.put("appId", appId);
        e.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)));
        return e;
    }

    /** {@code <hub>/feedback/mm}. */
    public static URI feedbackUrl(URI hub) {
        return URI.create(hub.toString().replaceAll("/+$", "") + "/feedback/mm");
    }
}

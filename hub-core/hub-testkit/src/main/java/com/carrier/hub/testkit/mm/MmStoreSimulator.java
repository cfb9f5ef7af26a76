package com.carrier.hub.testkit.mm;

import java.net.URI;

import com.carrier.hub.testkit.portal.HttpPeerSimulator;

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

    /** {@code <hub>/feedback/mm}. */
    public static URI feedbackUrl(URI hub) {
        return URI.create(hub.toString().replaceAll("/+$", "") + "/feedback/mm");
    }
}

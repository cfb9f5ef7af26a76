package com.carrier.hub.simulators.app;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import com.carrier.hub.simulators.portal.HttpPeerSimulator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The carrier's app push platform (PEERS §10): takes {@code POST /push/v1/messages:batch} with at most 1,000
 * messages keyed {@code pushId} and answers each one: {@code ACCEPTED}, {@code NO_DEVICE} for customers without the
 * app, {@code INVALID} with a reason for messages {@linkplain #reject(String, String) chosen to fail}. It shares the
 * portal simulator's bearer token check, batch limit (a bigger request is a 400), 429 + Retry-After and 5xx modes.
 *
 * <p>Which customers have no app is deterministic by MSISDN (a hash against {@link #noDeviceShare(double)}, plus any
 * {@linkplain #noDevice(String) named}), so a test knows them with {@link #hasNoDevice(String)}. Once told where the
 * hub is ({@link #callbacksTo(URI)}), it fires signed §10.2 callbacks for what it accepted: DELIVERED for every push,
 * OPENED for a share of them and CLICKED for a share of those, all deterministic by MSISDN.
 */
public class AppPushSimulator extends HttpPeerSimulator {

    public static final String BATCH_PATH = "/push/v1/messages:batch";

    private final Set<String> noDevice = ConcurrentHashMap.newKeySet();
    private volatile double noDeviceShare;
    private final AtomicInteger omitNext = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private volatile URI callbackUrl;
    private volatile double openShare = 0.3;
    private volatile double clickShare = 0.5;
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "app-sim-callbacks");
        t.setDaemon(true);
        return t;
    });

    /**
     * Sandbox defaults: token {@code sandbox-app-token}, callback secret {@code sandbox-app-secret}, 1,000 a batch,
     * one customer in ten without the app.
     */
    public AppPushSimulator() {
        this("sandbox-app-token", "sandbox-app-secret", 1000);
        noDeviceShare = 0.1;
    }

    /** No customer lacks the app until {@link #noDeviceShare(double)} or {@link #noDevice(String)} says so. */
    public AppPushSimulator(String token, String callbackSecret, int batchLimit) {
        super("app", "App push platform (HTTP)", BATCH_PATH, "messages", "pushId", token, callbackSecret, batchLimit);
    }

    /** The connector's properties, with the connector switched on (it is off unless enabled). */
    @Override
    public Map<String, String> connectorProperties() {
        Map<String, String> p = new LinkedHashMap<>(super.connectorProperties());
        p.put("hub.connectors.app.enabled", "true");
        return p;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>(super.describe());
        d.put("noDeviceShare", noDeviceShare);
        d.put("callbacksTo", callbackUrl == null ? "(none)" : callbackUrl.toString());
        return d;
    }

    // ---- modes -------------------------------------------------------------------------------------------

    /** This share (0 to 1) of customers, chosen by a hash of the MSISDN, has no app: NO_DEVICE. */
    public AppPushSimulator noDeviceShare(double share) {
        noDeviceShare = share;
        return this;
    }

    /** This customer has no app: NO_DEVICE. */
    public AppPushSimulator noDevice(String msisdn) {
        noDevice.add(msisdn);
        return this;
    }

    /** Whether a push to this customer is answered NO_DEVICE. */
    public boolean hasNoDevice(String msisdn) {
        return noDevice.contains(msisdn) || bucket(msisdn, "device") < noDeviceShare;
    }

    /** The next answer leaves out the results of its last {@code count} messages (a platform bug the hub must survive). */
    public AppPushSimulator omitResultsNext(int count) {
        omitNext.set(count);
        return this;
    }

    /**
     * Fires signed callbacks at this hub URL ({@link #feedbackUrl(URI)}) after each accepted batch: DELIVERED for every
     * accepted push, OPENED for {@code openShare} of them, CLICKED for {@code clickShare} of the opened ones.
     */
    public AppPushSimulator callbacksTo(URI feedbackUrl, double openShare, double clickShare) {
        this.openShare = openShare;
        this.clickShare = clickShare;
        this.callbackUrl = feedbackUrl;
        return this;
    }

    /** As {@link #callbacksTo(URI, double, double)} with 30% opened and half of those clicked. */
    public AppPushSimulator callbacksTo(URI feedbackUrl) {
        return callbacksTo(feedbackUrl, 0.3, 0.5);
    }

    /** In the sandbox: calls the hub back at {@code <hub>/feedback/app} for every accepted push. */
    @Override
    public void hubStarted(URI hub) {
        callbacksTo(feedbackUrl(hub), openShare, clickShare);
    }

    /** Whether the callbacks say this customer opened the push. */
    public boolean opens(String msisdn) {
        return bucket(msisdn, "open") < openShare;
    }

    /** Whether the callbacks say this customer clicked the push (only customers who opened it click). */
    public boolean clicks(String msisdn) {
        return opens(msisdn) && bucket(msisdn, "click") < clickShare;
    }

    @Override
    public AppPushSimulator normal() {
        super.normal();
        omitNext.set(0);
        noDevice.clear();
        return this;
    }

    /** Pushes answered NO_DEVICE so far. */
    public long refusedCount() {
        return refused.get();
    }

    /** {@code <hub>/feedback/app}. */
    public static URI feedbackUrl(URI hub) {
        return URI.create(hub.toString().replaceAll("/+$", "") + "/feedback/app");
    }

    /** One §10.2 event as the app sends it, {@code pushId} = {@code campaignId:msisdn}, timed now (+08:00). */
    public static Map<String, Object> event(String eventId, String type, String msisdn, String campaignId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", eventId);
        e.put("type", type);
        e.put("msisdn", msisdn);
        e.put("campaignId", campaignId);
        e.put("pushId", campaignId + ":" + msisdn);
        e.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS)));
        return e;
    }

    // ---- the platform's answer ---------------------------------------------------------------------------

    /** {@code {"results":[{"pushId":"…","status":"ACCEPTED|NO_DEVICE|INVALID","reason":"…"}]}}, one per message. */
    @Override
    protected ObjectNode answer(List<String> keys, List<String> reasons) {
        ObjectNode answer = json().createObjectNode();
        ArrayNode results = answer.putArray("results");
        int answered = Math.max(0, keys.size() - omitNext.getAndSet(0));
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            String msisdn = msisdnOf(key);
            String status;
            String reason = reasons.get(i);
            if (reason != null) {
                status = "INVALID";
            } else if (msisdn != null && hasNoDevice(msisdn)) {
                status = "NO_DEVICE";
                reason = "no app installed";
                refused.incrementAndGet();
                storedItems().remove(key);
            } else {
                status = "ACCEPTED";
                accepted.add(key);
            }
            if (i < answered) {
                ObjectNode r = results.addObject().put("pushId", key).put("status", status);
                if (reason != null) {
                    r.put("reason", reason);
                }
            }
        }
        URI hub = callbackUrl;
        if (hub != null && !accepted.isEmpty()) {
            callbacks.execute(() -> fireCallbacks(hub, accepted));
        }
        return answer;
    }

    private void fireCallbacks(URI hub, List<String> pushIds) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String pushId : pushIds) {
            String msisdn = msisdnOf(pushId);
            if (msisdn == null) {
                continue;
            }
            String campaignId = pushId.substring(0, pushId.length() - msisdn.length() - 1);
            events.add(event(pushId + ":DELIVERED", "DELIVERED", msisdn, campaignId));
            if (opens(msisdn)) {
                events.add(event(pushId + ":OPENED", "OPENED", msisdn, campaignId));
            }
            if (clicks(msisdn)) {
                events.add(event(pushId + ":CLICKED", "CLICKED", msisdn, campaignId));
            }
        }
        for (int from = 0; from < events.size(); from += 500) {
            try {
                sendEvents(hub, events.subList(from, Math.min(events.size(), from + 500)));
            } catch (Exception e) {
                // The hub is not up (yet): the real platform would retry; the simulator drops them.
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String msisdnOf(String pushId) {
        if (pushId == null) {
            return null;
        }
        int colon = pushId.lastIndexOf(':');
        return colon < 0 ? null : pushId.substring(colon + 1);
    }

    /** A stable number in [0, 1) for this customer and purpose. */
    private static double bucket(String msisdn, String purpose) {
        CRC32 crc = new CRC32();
        crc.update((purpose + ":" + msisdn).getBytes(StandardCharsets.UTF_8));
        return (crc.getValue() % 10_000) / 10_000.0;
    }
}

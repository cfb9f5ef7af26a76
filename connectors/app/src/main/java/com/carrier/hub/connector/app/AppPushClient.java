package com.carrier.hub.connector.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.http.HttpPeerClient;
import com.carrier.hub.http.PushResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * The hub's client of the app push platform (PEERS §10.1): pushes messages in batches of at most 1,000 with the
 * bearer token, waits out a 429's Retry-After, backs off on 5xx and timeouts, behind one circuit breaker (all of it
 * {@link HttpPeerClient}'s, shared with the portal and MM). The platform answers each message:
 * {@code ACCEPTED} is ACCEPTED, {@code NO_DEVICE} is REFUSED (the customer has no app: another channel may serve,
 * §8), {@code INVALID} is FAILED with the platform's reason. A message the answer does not name, an unknown status or
 * an unreadable answer is UNDELIVERED (push again later: a repeated pushId is harmless), never ACCEPTED.
 */
public class AppPushClient extends HttpPeerClient<PushMessage> {

    static final String PUSH_PATH = "push/v1/messages:batch";

    private static final Logger LOG = LoggerFactory.getLogger(AppPushClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public AppPushClient(AppProperties properties) {
        this(properties, Metrics.globalRegistry);
    }

    /** @param meters where push counts and the circuit state ({@code hub.connector.circuit.open}) are published */
    public AppPushClient(AppProperties properties, MeterRegistry meters) {
        super("app", properties, PUSH_PATH, "messages", "pushId", PushMessage::pushId, meters,
                AppPushClient::results);
    }

    /**
     * Pushes the messages in batches of at most the configured size and returns one result per message, in input
     * order. Does not throw for platform trouble.
     */
    public List<PushResult> pushMessages(List<PushMessage> messages) {
        return push(messages);
    }

    /** Reads {@code {"results":[{"pushId":"…","status":"ACCEPTED|NO_DEVICE|INVALID","reason":"…"}]}}. */
    static List<PushResult> results(List<? extends PushMessage> batch, byte[] body) {
        Map<String, JsonNode> byId = new HashMap<>();
        String unreadable = null;
        try {
            JsonNode list = JSON.readTree(body).path("results");
            if (!list.isArray()) {
                unreadable = "app: the push answer has no results list";
            } else {
                for (JsonNode r : list) {
                    String id = r.path("pushId").asText(null);
                    if (id != null) {
                        byId.put(id, r);
                    }
                }
            }
        } catch (Exception e) {
            unreadable = "app: the push answer is not JSON (" + e.getClass().getSimpleName() + ")";
        }
        List<PushResult> results = new ArrayList<>(batch.size());
        int missing = 0;
        for (PushMessage m : batch) {
            JsonNode r = byId.get(m.pushId());
            if (r == null) {
                missing++;
                results.add(PushResult.undelivered(m.pushId(), unreadable != null ? unreadable
                        : "app: the push answer has no result for this message; pushed again later"));
                continue;
            }
            String status = r.path("status").asText("");
            String reason = r.path("reason").asText("");
            results.add(switch (status) {
                case "ACCEPTED" -> PushResult.accepted(m.pushId());
                case "NO_DEVICE" -> PushResult.refused(m.pushId(), "NO_DEVICE");
                case "INVALID" -> PushResult.failed(m.pushId(), reason.isEmpty() ? "INVALID" : "INVALID: " + reason);
                default -> PushResult.undelivered(m.pushId(), "app: unknown push status '"
                        + (status.length() > 40 ? status.substring(0, 40) + "…" : status) + "'; pushed again later");
            });
        }
        if (missing > 0) {
            LOG.warn("app: the push answer named {} of {} messages ({}); the rest are pushed again later",
                    batch.size() - missing, batch.size(), unreadable != null ? unreadable : "results missing");
        }
        return results;
    }
}

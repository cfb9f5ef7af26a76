package com.carrier.hub.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Receives one signed peer callback (PEERS §3.2, §4.3) in the order the contract needs: refuse a body over the
 * limit before reading it whole (413), check the HMAC-SHA256 signature over the raw bytes with a constant-time
 * compare (401), parse and validate every event (400 naming the field, nothing stored), store them durably through
 * the {@link ResponseEventSink} and only then answer 202.
 */
public final class SignedFeedback {

    /** The signature header: {@code sha256=<hex HMAC-SHA256 of the raw body>}. */
    public static final String SIGNATURE_HEADER = "X-Signature";

    private static final Logger LOG = LoggerFactory.getLogger(SignedFeedback.class);

    /** Turns a verified body into events, or says which field is wrong. */
    @FunctionalInterface
    public interface EventParser {
        List<ResponseEvent> parse(byte[] body) throws BadCallback;
    }

    private final String peer;
    private final SecretKeySpec key;
    private final long maxBody;
    private final EventParser parser;
    private final ObjectProvider<ResponseEventSink> sink;
    private final MeterRegistry meters;

    public SignedFeedback(String peer, String secret, long maxBody, EventParser parser,
                          ObjectProvider<ResponseEventSink> sink) {
        this(peer, secret, maxBody, parser, sink, Metrics.globalRegistry);
    }

    /**
     * @param meters where {@code hub.connector.callback.requests} (tags connector, status) and
     *               {@code hub.connector.callback.events} (tags connector, result stored|duplicate) are counted
     */
    public SignedFeedback(String peer, String secret, long maxBody, EventParser parser,
                          ObjectProvider<ResponseEventSink> sink, MeterRegistry meters) {
        this.meters = meters;
        this.peer = peer;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.maxBody = maxBody;
        this.parser = parser;
        this.sink = sink;
    }

    public ResponseEntity<Map<String, Object>> receive(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBody) {
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, "body of " + declared + " bytes is over the limit of "
                    + maxBody + " bytes (hub.connectors." + peer + ".callback-max-body)");
        }
        byte[] body = readAtMost(request.getInputStream(), maxBody);
        if (body == null) {
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, "body is over the limit of " + maxBody
                    + " bytes (hub.connectors." + peer + ".callback-max-body)");
        }
        String signature = request.getHeader(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            return refuse(HttpStatus.UNAUTHORIZED, "missing " + SIGNATURE_HEADER + " header");
        }
        if (!verify(body, signature.trim())) {
            return refuse(HttpStatus.UNAUTHORIZED, SIGNATURE_HEADER
                    + " does not match the body (expected sha256=<hex HMAC-SHA256 of the raw body>)");
        }
        List<ResponseEvent> events;
        try {
            events = parser.parse(body);
        } catch (BadCallback e) {
            return refuse(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        ResponseEventSink store = sink.getIfAvailable();
        if (store == null) {
            return refuse(HttpStatus.SERVICE_UNAVAILABLE, "no response event store is configured in this hub");
        }
        int stored;
        try {
            stored = events.isEmpty() ? 0 : store.append(events);
        } catch (RuntimeException e) {
            LOG.error("{} callback: could not store {} events; answering 503 so the peer retries", peer,
                    events.size(), e);
            return refuse(HttpStatus.SERVICE_UNAVAILABLE, "could not store the events now; retry later");
        }
        meters.counter("hub.connector.callback.requests", "connector", peer, "status", "202").increment();
        meters.counter("hub.connector.callback.events", "connector", peer, "result", "stored").increment(stored);
        meters.counter("hub.connector.callback.events", "connector", peer, "result", "duplicate")
                .increment(events.size() - stored);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", events.size());
        answer.put("stored", stored);
        answer.put("duplicates", events.size() - stored);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    /** True when {@code header} is {@code sha256=<hex>} and the hex is the HMAC of the body (constant-time compare). */
    boolean verify(byte[] body, String header) {
        if (!header.regionMatches(true, 0, "sha256=", 0, 7)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(7).trim().toLowerCase());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(hmac(body), given);
    }

    byte[] hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }

    /** Reads the stream to its end, or returns null as soon as it has more than {@code limit} bytes. */
    static byte[] readAtMost(InputStream in, long limit) throws IOException {
        int cap = (int) Math.min(limit + 1, Integer.MAX_VALUE - 8);
        byte[] buffer = new byte[Math.min(cap, 16 * 1024)];
        int length = 0;
        while (true) {
            if (length == buffer.length) {
                if (buffer.length >= cap) {
                    return null;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, cap));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
            if (length > limit) {
                return null;
            }
        }
        return Arrays.copyOf(buffer, length);
    }

    private ResponseEntity<Map<String, Object>> refuse(HttpStatus status, String error) {
        LOG.warn("{} callback refused with {}: {}", peer, status.value(), error);
        meters.counter("hub.connector.callback.requests", "connector", peer, "status", String.valueOf(status.value()))
                .increment();
        return ResponseEntity.status(status).body(Map.of("error", peer + " callback: " + error));
    }
}

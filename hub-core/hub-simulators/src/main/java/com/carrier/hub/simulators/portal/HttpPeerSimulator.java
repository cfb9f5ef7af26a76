package com.carrier.hub.simulators.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.carrier.hub.simulators.PeerSimulator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP peer that takes batch upserts the way the portal (PEERS §3.1) and the MM store (§4.2) do, on a free
 * loopback port (the JDK's HTTP server: no extra dependency, and fast enough to be the benchmark's peer).
 *
 * <p>It checks the bearer token (401), enforces the batch limit (400 naming it), stores what it accepts by key (an
 * upsert, as the peers do; {@link #retainItems(boolean) switchable off} for benchmarks, which only count), and has
 * switchable modes that apply to every authorised request: answer 429 with Retry-After, answer 5xx, answer slowly;
 * and for batches, reject chosen items or all of them with a reason. It also fires signed event callbacks at a hub URL, well or badly signed.
 */
public abstract class HttpPeerSimulator implements PeerSimulator {

    /** What the hub answered to a callback. */
    public record CallbackAnswer(int status, String body) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final String connectorId;
    private final String name;
    private final String batchPath;
    private final String itemsField;
    private final String keyField;
    private final String token;
    private final String callbackSecret;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient callbackClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private volatile int batchLimit;
    private volatile int threads = 4;
    private volatile boolean retain = true;
    private volatile HttpServer server;
    private volatile ExecutorService executor;

    private final Map<String, JsonNode> items = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong itemsReceived = new AtomicLong();
    private final AtomicInteger largestBatch = new AtomicInteger();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();

    private final AtomicInteger throttleNext = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile int retryAfterSeconds = 1;
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile long delayMillis;
    private final Map<String, String> rejectKeys = new ConcurrentHashMap<>();
    private volatile Consumer<JsonNode> acceptedListener = item -> { };
    private volatile String rejectAllReason;

    protected HttpPeerSimulator(String connectorId, String name, String batchPath, String itemsField, String keyField,
                                String token, String callbackSecret, int batchLimit) {
        this.connectorId = connectorId;
        this.name = name;
        this.batchPath = batchPath;
        this.itemsField = itemsField;
        this.keyField = keyField;
        this.token = token;
        this.callbackSecret = callbackSecret;
        this.batchLimit = batchLimit;
    }

    @Override
    public String connectorId() {
        return connectorId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm meets the
        // client's delayed ACK and every answer waits ~40 ms. Read once, when the server classes first load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, connectorId + "-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        server = s;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException(name + " simulator is not running");
        }
        return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
    }

    @Override
    public Map<String, String> connectorProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hub.connectors." + connectorId + ".base-url", baseUrl().toString());
        p.put("hub.connectors." + connectorId + ".token", token);
        p.put("hub.connectors." + connectorId + ".callback-secret", callbackSecret);
        return p;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", isRunning() ? baseUrl() + batchPath : "(stopped)");
        d.put("token", token);
        d.put("callbackSecret", callbackSecret);
        d.put("batchLimit", batchLimit);
        d.put("stored", items.size());
        return d;
    }

    // ---- modes -------------------------------------------------------------------------------------------

    /** The next {@code count} requests get 429 with {@code Retry-After: seconds}. */
    public HttpPeerSimulator throttleNext(int count, int seconds) {
        retryAfterSeconds = seconds;
        throttleNext.set(count);
        return this;
    }

    /** The next {@code count} requests get {@code status} (a 5xx). */
    public HttpPeerSimulator failNext(int count, int status) {
        failStatus = status;
        failNext.set(count);
        return this;
    }

    /** Every request waits this long before it is answered ({@link Duration#ZERO} to stop). */
    public HttpPeerSimulator answerSlowly(Duration delay) {
        delayMillis = delay.toMillis();
        return this;
    }

    /** The item with this key is rejected with this reason. */
    public HttpPeerSimulator reject(String key, String reason) {
        rejectKeys.put(key, reason);
        return this;
    }

    /** Every item is rejected with this reason (null to stop). */
    public HttpPeerSimulator rejectAll(String reason) {
        rejectAllReason = reason;
        return this;
    }

    /** Largest number of items one request may carry. */
    public HttpPeerSimulator batchLimit(int limit) {
        batchLimit = limit;
        return this;
    }

    /** Whether accepted items are kept (default) or only counted (benchmarks). */
    public HttpPeerSimulator retainItems(boolean keep) {
        retain = keep;
        return this;
    }

    /** Server threads; takes effect at the next start. */
    public HttpPeerSimulator threads(int count) {
        threads = count;
        return this;
    }

    /**
     * Back to normal answers; stored items and counters are kept. Waits (up to 10 s) for requests still being answered,
     * so a slow answer left over from an earlier test cannot take a throttle or failure meant for the next one.
     */
    public HttpPeerSimulator normal() {
        delayMillis = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throttleNext.set(0);
        failNext.set(0);
        delayMillis = 0;
        rejectKeys.clear();
        rejectAllReason = null;
        return this;
    }

    /** Forgets stored items and counters. */
    public HttpPeerSimulator clear() {
        items.clear();
        requests.set(0);
        itemsReceived.set(0);
        largestBatch.set(0);
        unauthorized.set(0);
        oversized.set(0);
        return this;
    }

    // ---- what was received ------------------------------------------------------------------------------

    /** The stored item with this key, as the peer received it. */
    public Optional<JsonNode> item(String key) {
        return Optional.ofNullable(items.get(key));
    }

    /** Number of distinct items stored. */
    public int storedCount() {
        return items.size();
    }

    /** Items received in well-formed, authorised batch requests, repeats included. */
    public long itemsReceived() {
        return itemsReceived.get();
    }

    /** Authorised requests received (batches, withdrawals), whatever their answer. */
    public long requests() {
        return requests.get();
    }

    public int largestBatch() {
        return largestBatch.get();
    }

    public long unauthorizedRequests() {
        return unauthorized.get();
    }

    public long oversizedBatches() {
        return oversized.get();
    }

    // ---- callbacks to the hub --------------------------------------------------------------------------

    /** {@code sha256=<hex>} of the body with this simulator's shared secret. */
    public String sign(byte[] body) {
        return sign(body, callbackSecret);
    }

    public static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HEX.formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs a correctly signed callback body to the hub URL (for example {@code http://…/feedback/portal}). */
    public CallbackAnswer sendCallback(URI hubUrl, String body) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return sendCallback(hubUrl, bytes, sign(bytes), false);
    }

    /** POSTs {@code {"events":[…]}} correctly signed to the hub URL; events as built by the subclass's {@code event}. */
    public CallbackAnswer sendEvents(URI hubUrl, List<Map<String, Object>> events) throws IOException, InterruptedException {
        byte[] bytes = json.writeValueAsBytes(Map.of("events", events));
        return sendCallback(hubUrl, bytes, sign(bytes), false);
    }

    /** POSTs a callback signed with another secret. */
    public CallbackAnswer sendBadlySignedCallback(URI hubUrl, String body) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return sendCallback(hubUrl, bytes, sign(bytes, callbackSecret + "-wrong"), false);
    }

    /**
     * POSTs exactly these bytes with this {@code X-Signature} (null: no header); {@code chunked} sends the body
     * without a Content-Length.
     */
    public CallbackAnswer sendCallback(URI hubUrl, byte[] body, String signature, boolean chunked)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder req = HttpRequest.newBuilder(hubUrl).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(publisher);
        if (signature != null) {
            req.header("X-Signature", signature);
        }
        try {
            HttpResponse<String> answer = callbackClient.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new CallbackAnswer(answer.statusCode(), answer.body());
        } catch (IOException e) {
            // A server refusing a large body may close the connection before reading it all.
            throw new IOException(connectorId + " simulator: POST " + hubUrl + " failed: " + e, e);
        }
    }

    // ---- the peer's HTTP side ---------------------------------------------------------------------------

    /** Handles requests other than the batch upsert; answers 404 unless overridden. */
    protected void handleOther(HttpExchange exchange, String method, String path) throws IOException {
        respond(exchange, 404, error("no such endpoint: " + method + " " + path));
    }

    /** Keys and items stored so far, for subclasses (the portal's DELETE). */
    protected Map<String, JsonNode> storedItems() {
        return items;
    }

    protected boolean authorised(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return ("Bearer " + token).equals(auth);
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!authorised(exchange)) {
                unauthorized.incrementAndGet();
                respond(exchange, 401, error("missing or wrong bearer token"));
                return;
            }
            requests.incrementAndGet();
            long delay = delayMillis;
            if (delay > 0) {
                Thread.sleep(delay);
            }
            if (takeOne(throttleNext)) {
                exchange.getResponseHeaders().set("Retry-After", String.valueOf(retryAfterSeconds));
                respond(exchange, 429, error("too many requests"));
                return;
            }
            if (takeOne(failNext)) {
                respond(exchange, failStatus, error("simulated failure"));
                return;
            }
            if (method.equals("POST") && path.equals(batchPath)) {
                batch(exchange, body);
            } else {
                handleOther(exchange, method, path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            respond(exchange, 500, error(e.toString()));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void batch(HttpExchange exchange, byte[] body) throws IOException {
        if (!retain) {
            countOnly(exchange, body);
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            respond(exchange, 400, error("body is not JSON: " + e.getMessage()));
            return;
        }
        JsonNode list = root == null ? null : root.get(itemsField);
        if (list == null || !list.isArray()) {
            respond(exchange, 400, error(itemsField + ": missing or not an array"));
            return;
        }
        int limit = batchLimit;
        if (list.size() > limit) {
            oversized.incrementAndGet();
            respond(exchange, 400, error(itemsField + ": at most " + limit + " a request, got " + list.size()));
            return;
        }
        largestBatch.accumulateAndGet(list.size(), Math::max);
        itemsReceived.addAndGet(list.size());
        List<String> keys = new ArrayList<>(list.size());
        List<String> reasons = new ArrayList<>(list.size());
        String rejectAll = rejectAllReason;
        for (JsonNode item : list) {
            JsonNode keyNode = item.get(keyField);
            String key = keyNode == null || !keyNode.isTextual() ? null : keyNode.asText();
            String reason = key == null || key.isBlank() ? "MISSING_" + keyField.toUpperCase()
                    : rejectAll != null ? rejectAll : rejectKeys.get(key);
            keys.add(key);
            reasons.add(reason);
            if (reason == null && retain) {
                items.put(key, item);
            }
        }
        byte[] answer = json.writeValueAsBytes(answer(keys, reasons));
        // what the peer kept, the answer having dropped what it refused (the app's NO_DEVICE)
        Consumer<JsonNode> listener = acceptedListener;
        for (int i = 0; i < keys.size(); i++) {
            JsonNode item = reasons.get(i) == null ? items.get(keys.get(i)) : null;
            if (item != null) {
                try {
                    listener.accept(item);
                } catch (RuntimeException e) {
                    // a listener's trouble (a simulated customer) must not fail the peer's answer
                }
            }
        }
        respond(exchange, 200, answer);
    }

    /**
     * The 2xx answer to a batch whose items have these keys, each rejected with its reason or accepted (null), in
     * request order. The default is {@code {"accepted":N,"rejected":[{"<key>":"…","reason":"…"}]}} (PEERS §3.1, §4.2);
     * a peer that answers per item overrides it.
     */
    protected ObjectNode answer(List<String> keys, List<String> reasons) {
        ObjectNode answer = json.createObjectNode();
        ArrayNode rejected = json.createArrayNode();
        int accepted = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (reasons.get(i) != null) {
                rejected.addObject().put(keyField, keys.get(i)).put("reason", reasons.get(i));
            } else {
                accepted++;
            }
        }
        answer.put("accepted", accepted);
        answer.set("rejected", rejected);
        return answer;
    }

    /** The JSON mapper answers are written with, for subclasses building theirs. */
    protected ObjectMapper json() {
        return json;
    }

    /** The item key's field name ({@code offerKey}, {@code pushId}). */
    protected String keyField() {
        return keyField;
    }

    /**
     * The benchmark path: the same checks and answer, but items are streamed and only their keys read, so the peer
     * costs as little CPU as a real one on its own machine would cost the hub's.
     */
    private void countOnly(HttpExchange exchange, byte[] body) throws IOException {
        List<String> keys = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int count = 0;
        String rejectAll = rejectAllReason;
        try (JsonParser p = json.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                respond(exchange, 400, error("body is not a JSON object"));
                return;
            }
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals(itemsField)) {
                    p.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    respond(exchange, 400, error(itemsField + ": missing or not an array"));
                    return;
                }
                found = true;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    count++;
                    String key = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken t = p.nextToken();
                        if (name.equals(keyField) && t == JsonToken.VALUE_STRING) {
                            key = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                    String reason = key == null || key.isBlank() ? "MISSING_" + keyField.toUpperCase()
                            : rejectAll != null ? rejectAll : rejectKeys.isEmpty() ? null : rejectKeys.get(key);
                    keys.add(key);
                    reasons.add(reason);
                }
            }
            if (!found) {
                respond(exchange, 400, error(itemsField + ": missing or not an array"));
                return;
            }
        } catch (IOException e) {
            respond(exchange, 400, error("body is not JSON: " + e.getMessage()));
            return;
        }
        if (count > batchLimit) {
            oversized.incrementAndGet();
            respond(exchange, 400, error(itemsField + ": at most " + batchLimit + " a request, got " + count));
            return;
        }
        largestBatch.accumulateAndGet(count, Math::max);
        itemsReceived.addAndGet(count);
        respond(exchange, 200, json.writeValueAsBytes(answer(keys, reasons)));
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    protected byte[] error(String message) {
        try {
            return json.writeValueAsBytes(Map.of("error", message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected byte[] toJson(Object value) throws IOException {
        return json.writeValueAsBytes(value);
    }

    protected static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Tells {@code listener} of every item of a batch the peer accepted and kept (an offer, a recommendation, a push
     * with a device), before the answer goes out: it must return at once (the sandbox's simulated customers schedule
     * what they do about it). Not called while {@linkplain #retainItems(boolean) items are not kept}. One listener; a
     * new one replaces the last.
     */
    public HttpPeerSimulator onAccepted(Consumer<JsonNode> listener) {
        acceptedListener = listener == null ? item -> { } : listener;
        return this;
    }

    /** Items stored whose field has this value, for assertions. */
    public List<JsonNode> itemsWhere(String field, String value) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode item : items.values()) {
            if (value.equals(item.path(field).asText(null))) {
                found.add(item);
            }
        }
        return found;
    }

    /** Waits up to the timeout for the server thread pool to go idle; for orderly shutdowns. */
    protected void awaitIdle(Duration timeout) throws InterruptedException {
        ExecutorService e = executor;
        if (e != null) {
            e.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}

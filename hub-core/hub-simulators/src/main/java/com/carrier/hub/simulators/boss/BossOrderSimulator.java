package com.carrier.hub.simulators.boss;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.carrier.hub.simulators.PeerSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * BOSS's order-request API (PEERS.md §1.5) over real HTTP: {@code POST /api/v1/orders} answers 201 with a new order
 * id, 409 when the customer already holds the product (see {@link #holds}), 422 for a bad request (a field missing,
 * an MSISDN that is not 11 digits starting with 1, another channelCode than the request's), and the first answer
 * again for a {@code requestId} it has seen. Every request received is kept for assertions.
 */
public class BossOrderSimulator implements PeerSimulator {

    /** A request as received and what it was answered. */
    public record Received(String requestId, String msisdn, String productId, String campaignId, int status, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Received> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> holdings = ConcurrentHashMap.newKeySet();
    private final AtomicLong orders = new AtomicLong();
    private HttpServer server;

    /** The customer already holds the product: an order for it answers 409. */
    public BossOrderSimulator holds(String msisdn, String productId) {
        holdings.add(msisdn + "|" + productId);
        return this;
    }

    /** Every request received, repeats included, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public String connectorId() {
        return "boss";
    }

    @Override
    public String name() {
        return "BOSS order requests (HTTP)";
    }

    @Override
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api/v1/orders", this::handle);
        server.start();
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public Map<String, String> connectorProperties() {
        return Map.of("hub.connectors.boss.orders.url", url());
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of("url", url() + "/api/v1/orders");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/api/v1/orders")) {
                respond(exchange, 404, "{\"error\":\"not found\"}");
                return;
            }
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            JsonNode body;
            try {
                body = JSON.readTree(raw);
            } catch (IOException e) {
                respond(exchange, 422, error("body is not JSON"));
                return;
            }
            String requestId = text(body, "requestId");
            Received first = requestId == null ? null : answers.get(requestId);
            if (first != null) {
                received.add(first);
                respond(exchange, first.status(), first.body());
                return;
            }
            String msisdn = text(body, "msisdn");
            String product = text(body, "productId");
            String campaign = text(body, "campaignId");
            int status;
            String answer;
            String missing = requestId == null ? "requestId" : msisdn == null ? "msisdn" : product == null ? "productId"
                    : text(body, "channelCode") == null ? "channelCode" : null;
            if (missing != null) {
                status = 422;
                answer = error(missing + " is required");
            } else if (!msisdn.matches("1\\d{10}")) {
                status = 422;
                answer = error("msisdn is not 11 digits starting with 1");
            } else if (holdings.contains(msisdn + "|" + product)) {
                status = 409;
                answer = error("customer already holds " + product);
            } else {
                status = 201;
                holdings.add(msisdn + "|" + product);
                answer = toJson(Map.of("orderId", "BO" + String.format("%08d", orders.incrementAndGet()), "status", "ACCEPTED"));
            }
            Received r = new Received(requestId, msisdn, product, campaign, status, answer);
            if (requestId != null) {
                Received raced = answers.putIfAbsent(requestId, r);
                if (raced != null) {
                    r = raced;
                }
            }
            received.add(r);
            respond(exchange, r.status(), r.body());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static String error(String message) {
        return toJson(Map.of("error", message));
    }

    private static String toJson(Map<String, ?> m) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(m));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

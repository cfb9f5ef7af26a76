package com.carrier.hub.connector.boss.order;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Places orders in BOSS (PEERS.md §1.5): {@code POST {url}/api/v1/orders} with a JSON body; 201 is ACCEPTED with
 * BOSS's order id, 409 CONFLICT, 422 INVALID, anything else (or no answer) FAILED with the reason naming the address.
 * Never throws for a peer problem: the caller records the outcome and retries FAILED ones.
 */
public class BossOrderClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BossOrderProperties props;
    private final URI endpoint;
    private final HttpClient http;

    public BossOrderClient(BossOrderProperties props) {
        if (props.getUrl() == null) {
            throw new IllegalArgumentException("boss: hub.connectors.boss.orders.url is not set");
        }
        this.props = props;
        this.endpoint = URI.create(props.getUrl().toString().replaceAll("/+$", "") + "/api/v1/orders");
        this.http = HttpClient.newBuilder().connectTimeout(props.getTimeout()).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    public String channelCode() {
        return props.getChannelCode();
    }

    public OrderOutcome place(OrderRequest order) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("requestId", order.requestId());
        body.put("msisdn", order.msisdn());
        body.put("productId", order.productId());
        body.put("channelCode", order.channelCode());
        body.put("campaignId", order.campaignId());
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(props.getTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            JsonNode answer = parse(response.body());
            String said = answer.path("error").asText(answer.path("message").asText(clip(response.body())));
            return switch (status) {
                case 200, 201 -> answer.hasNonNull("orderId")
                        ? new OrderOutcome(OrderOutcome.Status.ACCEPTED, status, answer.get("orderId").asText(), null)
                        : new OrderOutcome(OrderOutcome.Status.FAILED, status, null,
                                "boss: " + endpoint + " answered " + status + " without an orderId");
                case 409 -> new OrderOutcome(OrderOutcome.Status.CONFLICT, status, null, said);
                case 422 -> new OrderOutcome(OrderOutcome.Status.INVALID, status, null, said);
                default -> new OrderOutcome(OrderOutcome.Status.FAILED, status, null,
                        "boss: " + endpoint + " answered " + status + ": " + said);
            };
        } catch (IOException e) {
            return new OrderOutcome(OrderOutcome.Status.FAILED, 0, null,
                    "boss: order request to " + endpoint + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OrderOutcome(OrderOutcome.Status.FAILED, 0, null, "boss: interrupted calling " + endpoint);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
    }
}

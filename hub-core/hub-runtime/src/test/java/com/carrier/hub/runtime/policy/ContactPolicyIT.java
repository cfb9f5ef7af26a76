package com.carrier.hub.runtime.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.runtime.HubIT;
import com.fasterxml.jackson.databind.JsonNode;

class ContactPolicyIT extends HubIT {

    @Autowired
    ResponseEventSink sink;

    @Test
    void blacklistEntryIsAddedShownAndRemoved() {
        String m = "13900000001";
        ResponseEntity<JsonNode> put = as("operator").exchange("/api/contact-policy/blacklist/" + m, HttpMethod.PUT,
                json(Map.of("reason", "complaint 2026-11")), JsonNode.class);
        assertThat(put.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode entry = as("viewer").getForEntity("/api/contact-policy/blacklist/" + m, JsonNode.class).getBody().get(0);
        assertThat(entry.get("reason").asText()).isEqualTo("complaint 2026-11");
        assertThat(entry.get("source").asText()).isEqualTo("api:operator");
        assertThat(as("operator").exchange("/api/contact-policy/blacklist/" + m, HttpMethod.DELETE, null, Void.class)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(as("viewer").getForEntity("/api/contact-policy/blacklist/" + m, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void aHugeOrNulReasonIsRefusedAndNothingIsStored() {
        String m = "13900000009";
        for (String reason : List.of("x".repeat(10 * 1024 * 1024), "complaint\u0000")) {
            ResponseEntity<JsonNode> put = as("operator").exchange("/api/contact-policy/blacklist/" + m, HttpMethod.PUT,
                    json(Map.of("reason", reason)), JsonNode.class);
            assertThat(put.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(put.getBody().at("/errors/0/field").asText()).isEqualTo("reason");
        }
        ResponseEntity<JsonNode> typo = as("operator").exchange("/api/contact-policy/blacklist/" + m, HttpMethod.PUT,
                json(Map.of("reasn", "complaint")), JsonNode.class);
        assertThat(typo.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(typo.getBody().at("/errors/0/field").asText()).isEqualTo("reasn");
        assertThat(as("viewer").getForEntity("/api/contact-policy/blacklist/" + m, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void greylistNeedsKnownChannels() {
        ResponseEntity<JsonNode> none = as("operator").exchange("/api/contact-policy/greylist/13900000002", HttpMethod.PUT,
                json(Map.of("reason", "vip")), JsonNode.class);
        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(none.getBody().at("/errors/0/field").asText()).isEqualTo("channels");
        ResponseEntity<JsonNode> bad = as("operator").exchange("/api/contact-policy/greylist/13900000002", HttpMethod.PUT,
                json(Map.of("channels", List.of("SMS", "FAX"))), JsonNode.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().toString()).contains("FAX");
        ResponseEntity<JsonNode> ok = as("operator").exchange("/api/contact-policy/greylist/13900000002", HttpMethod.PUT,
                json(Map.of("channels", List.of("portal", "MANAGER"))), JsonNode.class);
        assertThat(ok.getBody().get(0).get("channels").toString()).isEqualTo("[\"MANAGER\",\"PORTAL\"]");
    }

    @Test
    void badMsisdnIsRefusedNamingTheField() {
        ResponseEntity<JsonNode> r = as("operator").exchange("/api/contact-policy/blacklist/2390000000", HttpMethod.PUT,
                json(Map.of()), JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(r.getBody().at("/errors/0/field").asText()).isEqualTo("msisdn");
    }

    @Test
    void viewerCannotChangeLists() {
        assertThat(as("viewer").exchange("/api/contact-policy/blacklist/13900000003", HttpMethod.PUT, json(Map.of()), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void importedFileRejectsBadLinesWithTheirNumbersAndKeepsTheGoodOnes() {
        String file = "13900000010|投诉\r\n1390000001x|bad\n13900000011\n\n23900000012|wrong prefix\n"
                + "13900000013|nul\u0000reason\n13900000014|" + "长".repeat(501) + "\n";
        HttpHeaders h = new HttpHeaders();
        h.setContentType(new MediaType("text", "plain", Charset.forName("GBK")));
        ResponseEntity<JsonNode> r = as("operator").postForEntity("/api/contact-policy/blacklist/import",
                new HttpEntity<>(file.getBytes(Charset.forName("GBK")), h), JsonNode.class);
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode result = r.getBody();
        assertThat(result.get("read").asLong()).isEqualTo(7);
        assertThat(result.get("accepted").asLong()).isEqualTo(2);
        assertThat(result.get("rejected").findValuesAsText("line")).containsExactly("2", "4", "5", "6", "7");
        assertThat(result.get("rejected").findValuesAsText("reason")).containsExactly("BAD_MSISDN", "EMPTY_LINE", "BAD_MSISDN",
                "BAD_REASON", "BAD_REASON");
        assertThat(as("viewer").getForEntity("/api/contact-policy/blacklist/13900000013", String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        JsonNode entry = as("viewer").getForEntity("/api/contact-policy/blacklist/13900000010", JsonNode.class).getBody().get(0);
        assertThat(entry.get("reason").asText()).isEqualTo("投诉");
    }

    @Test
    void aListFileInAnUnknownCharsetIs415NamingIt() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/contact-policy/blacklist/import"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("operator:operator-pw".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "text/plain; charset=GB-9999")
                .POST(HttpRequest.BodyPublishers.ofString("13900000030\n")).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("GB-9999");
    }

    @Test
    void smsUnsubscribeFromTheConnectorIsAnOptOutAtOnce() {
        sink.append(List.of(new ResponseEvent("sms", "mo-td-1", "SMS", ResponseEvent.Type.UNSUBSCRIBED,
                "13900000020", null, null, Instant.now(), "TD")));
        JsonNode optouts = as("viewer").getForEntity("/api/contact-policy/optouts/13900000020", JsonNode.class).getBody();
        assertThat(optouts.findValuesAsText("source")).containsExactly("sms");
        assertThat(optouts.get(0).get("channels").toString()).isEqualTo("[\"SMS\"]");
    }

    private static HttpEntity<Map<String, Object>> json(Map<String, Object> body) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, h);
    }
}

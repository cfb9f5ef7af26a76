package com.carrier.hub.simulators.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class NetworkEventGeneratorTest {

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "usage.threshold", Set.of("msisdn", "metric", "usedPercent", "packageId", "periodEnd"),
            "roaming.entered", Set.of("msisdn", "region"),
            "recharge", Set.of("msisdn", "amountFen", "channel"),
            "balance.low", Set.of("msisdn", "balanceFen"),
            "zone.entered", Set.of("msisdn", "zoneId"),
            "handset.changed", Set.of("msisdn", "model"),
            "bill.issued", Set.of("msisdn", "month", "amountFen"));

    private final ObjectMapper json = new ObjectMapper();
    // 2026-12-01 03:30 UTC is 11:30 on 1 December in Asia/Shanghai: the bill is November's, the period ends 31 December
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T03:30:00Z"), ZoneOffset.UTC);

    @Test
    void everyEventIsAHubEnvelopeWithThePayloadOfItsTypeAboutTheSubscriber() throws Exception {
        NetworkEventGenerator generator = new NetworkEventGenerator(clock, new Random(7));
        List<String> ids = new ArrayList<>();
        Map<String, Integer> types = new HashMap<>();
        int dataAtThreshold = 0;
        int n = 4000;
        for (int i = 0; i < n; i++) {
            String msisdn = "1380000" + String.format("%04d", i);
            NetworkEventGenerator.Event event = generator.next(msisdn);
            JsonNode e = json.readTree(event.json());
            assertThat(names(e)).containsExactlyInAnyOrder("messageId", "type", "sourceSystem", "time", "payload");
            assertThat(e.get("messageId").asText()).isEqualTo(event.messageId());
            assertThat(e.get("type").asText()).isEqualTo(event.type()).isIn(NetworkEventGenerator.TYPES);
            assertThat(e.get("sourceSystem").asText()).isNotBlank();
            assertThat(e.get("time").asText()).isEqualTo("2026-12-01T11:30:00.000+08:00");
            assertThat(OffsetDateTime.parse(e.get("time").asText()).toInstant()).isEqualTo(clock.instant());
            JsonNode p = e.get("payload");
            assertThat(event.msisdn()).isEqualTo(msisdn);
            assertThat(p.get("msisdn").asText()).isEqualTo(msisdn);
            assertThat(names(p)).as(event.type()).isEqualTo(FIELDS.get(event.type()));
            switch (event.type()) {
                case "usage.threshold" -> {
                    assertThat(p.get("metric").asText()).isIn("DATA", "VOICE", "SMS");
                    assertThat(p.get("usedPercent").isInt()).isTrue();
                    assertThat(p.get("usedPercent").asInt()).isIn(80, 90, 100);
                    assertThat(p.get("periodEnd").asText()).isEqualTo("2026-12-31T23:59:59.000+08:00");
                    if (p.get("metric").asText().equals("DATA")) {
                        dataAtThreshold++;
                    }
                }
                case "bill.issued" -> {
                    assertThat(p.get("month").asText()).isEqualTo("202611");
                    assertThat(p.get("amountFen").isIntegralNumber()).isTrue();
                }
                case "recharge" -> assertThat(p.get("amountFen").asLong()).isPositive();
                case "balance.low" -> assertThat(p.get("balanceFen").asLong()).isBetween(0L, 999L);
                default -> assertThat(p.elements()).toIterable().allSatisfy(v -> assertThat(v.asText()).isNotBlank());
            }
            ids.add(event.messageId());
            types.merge(event.type(), 1, Integer::sum);
        }
        assertThat(new HashSet<>(ids)).as("message ids unique").hasSize(n);
        assertThat(types.keySet()).as("every type of §11").containsExactlyInAnyOrderElementsOf(NetworkEventGenerator.TYPES);
        assertThat(dataAtThreshold).as("DATA usage at 80/90/100%: about 40 in a hundred").isBetween(n * 35 / 100, n * 45 / 100);
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

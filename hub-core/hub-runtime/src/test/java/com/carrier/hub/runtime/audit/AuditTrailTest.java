package com.carrier.hub.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Before/after trees are masked wherever a mobile number can hide in JSON; the rest is kept as it was. */
class AuditTrailTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyMobileNumberInATreeIsMaskedInTextsFieldNamesAndBareNumbers() throws Exception {
        JsonNode tree = json.readTree("""
                {"reason": "customer 13912345678 asked", "13800001111": {"count": 3},
                 "owner": 8613700002222, "list": ["+8613600003333", 42], "rows": 12345678901234, "ok": true}""");
        JsonNode masked = AuditTrail.masked(tree);
        String text = json.writeValueAsString(masked);
        assertThat(text).doesNotContain("13912345678", "13800001111", "13700002222", "13600003333");
        assertThat(masked.get("reason").asText()).isEqualTo("customer 139****5678 asked");
        assertThat(masked.at("/138****1111/count").asInt()).isEqualTo(3);
        assertThat(masked.get("owner").asText()).isEqualTo("86137****2222");
        assertThat(masked.at("/list/0").asText()).isEqualTo("+86136****3333");
        assertThat(masked.at("/list/1").asInt()).isEqualTo(42);
        // a longer run of digits is not a mobile number: kept as the number it is
        assertThat(masked.get("rows").isNumber()).isTrue();
        assertThat(masked.get("ok").asBoolean()).isTrue();
        assertThat(AuditTrail.masked(json.valueToTree(Map.of("n", 1)))).isEqualTo(json.valueToTree(Map.of("n", 1)));
    }

    @Test
    void longTextsAreCutAndMasked() {
        assertThat(AuditTrail.mask("x".repeat(30) + "13912345678", 20)).hasSize(20).endsWith("…");
        assertThat(AuditTrail.mask("/api/contact-policy/blacklist/13912345678", 100))
                .isEqualTo("/api/contact-policy/blacklist/139****5678");
        assertThat(AuditTrail.mask(null, 10)).isNull();
    }
}

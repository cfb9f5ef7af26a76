package com.carrier.hub.runtime.routes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceMaskingTest {

    @Test
    void headersNamedLikeSecretsAreHidden() {
        for (String name : new String[] {"X-Api-Token", "Authorization", "hub_callback_secret", "X-Password", "ApiKey",
            "api-key", "X-Credentials", "X-Signature", "Cookie", "username", "CamelFtpPassphrase"}) {
            assertThat(TraceMasking.header(name, "value-13800138000", 2000).text()).as(name).isEqualTo("****");
        }
        assertThat(TraceMasking.header("X-Msisdn", "13800138000", 2000).text()).isEqualTo("138****8000");
        assertThat(TraceMasking.header("CamelFileName", "TGT_7_20261122_0001.dat", 2000).text())
                .isEqualTo("TGT_7_20261122_0001.dat");
    }

    @Test
    void secretsInsideTextAndMobileNumbersAreMasked() {
        assertThat(TraceMasking.text("password=hunter2, msisdn=8613800138000")).isEqualTo("password=****, msisdn=86138****8000");
        assertThat(TraceMasking.text("{\"token\": \"abc\", \"msisdn\": \"13912345678\"}"))
                .doesNotContain("abc", "13912345678").contains("139****5678");
        assertThat(TraceMasking.text("<secret>abc</secret>")).doesNotContain("abc");
        assertThat(TraceMasking.text("sftp://boss:pw123@10.0.0.1/out")).doesNotContain("pw123");
    }

    @Test
    void aCutNeverLeavesTheStartOfANumberInClear() {
        String body = "x".repeat(1995) + "13800138000" + "y".repeat(100);
        // as Camel's tracer clips it at 2000
        String clipped = body.substring(0, 2000) + "... [Body clipped after 2000 chars, total length is " + body.length() + "]";
        TraceMasking.Cut cut = TraceMasking.cut(clipped, 2000);
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.length()).isEqualTo(body.length());
        assertThat(cut.text()).isEqualTo("x".repeat(1995)).doesNotContain("13800");

        TraceMasking.Cut header = TraceMasking.cut("a".repeat(10) + "13800138000", 15);
        assertThat(header.text()).isEqualTo("a".repeat(10));
        assertThat(header.length()).isEqualTo(21);

        TraceMasking.Cut whole = TraceMasking.cut("to 13800138000", 2000);
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.length()).isNull();
        assertThat(whole.text()).isEqualTo("to 138****8000");
    }
}

package com.carrier.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MsisdnTest {

    @Test
    void acceptsElevenDigitsStartingWithOne() {
        assertThat(Msisdn.isValid("13800138000")).isTrue();
    }

    @Test
    void refusesWrongLengthPrefixOrNonDigits() {
        assertThat(Msisdn.isValid("1380013800")).isFalse();
        assertThat(Msisdn.isValid("23800138000")).isFalse();
        assertThat(Msisdn.isValid("1380013800x")).isFalse();
        assertThat(Msisdn.isValid("１3800138000")).isFalse();
        assertThat(Msisdn.isValid(null)).isFalse();
    }

    @Test
    void masksTheMiddleDigits() {
        assertThat(Msisdn.mask("13800135678")).isEqualTo("138****5678");
        assertThat(Msisdn.mask("12345")).isEqualTo("<5 chars>");
    }

    @Test
    void masksEveryNumberInAFreeTextAndLeavesOtherDigitRunsAlone() {
        assertThat(Msisdn.maskAll("ERROR: duplicate key value violates unique constraint \"campaign_contact_pkey\"\n"
                + "  Detail: Key (campaign_id, msisdn)=(7, 13812345678) already exists."))
                .endsWith("Key (campaign_id, msisdn)=(7, 138****5678) already exists.");
        assertThat(Msisdn.maskAll("to 8613912345678 and +8615012345678, then 13800138000"))
                .isEqualTo("to 86139****5678 and +86150****5678, then 138****8000");
        String other = "order 2026120712345678901 at 1733550000123 ms, id 23812345678";
        assertThat(Msisdn.maskAll(other)).isSameAs(other);
        assertThat(Msisdn.maskAll(null)).isNull();
    }
}

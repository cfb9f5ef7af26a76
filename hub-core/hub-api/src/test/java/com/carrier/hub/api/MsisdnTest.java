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
}

package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The set compares as the database's text equality does: no two different texts may meet on one number. */
class MsisdnSetTest {

    @Test
    void textsThatAreNotCanonicalNumbersStayApartFromTheNumbers() {
        MsisdnSet set = new MsisdnSet();
        set.add("13800000001");
        set.add("+8613800000002");
        set.add("013800000003");

        assertThat(set.contains("13800000001")).isTrue();
        assertThat(set.contains("013800000001")).as("a leading zero is another text").isFalse();
        assertThat(set.contains("+8613800000002")).isTrue();
        assertThat(set.contains("8613800000002")).isFalse();
        assertThat(set.contains("13800000002")).isFalse();
        assertThat(set.contains("013800000003")).isTrue();
        assertThat(set.contains("13800000003")).as("the stored text had a leading zero").isFalse();
        assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void canonicalIsTheDecimalFormOrMinusOne() {
        assertThat(MsisdnSet.canonical("13800000001")).isEqualTo(13_800_000_001L);
        assertThat(MsisdnSet.canonical("0")).isZero();
        assertThat(MsisdnSet.canonical("")).isEqualTo(-1);
        assertThat(MsisdnSet.canonical("01")).isEqualTo(-1);
        assertThat(MsisdnSet.canonical("1380000000x")).isEqualTo(-1);
        assertThat(MsisdnSet.canonical("1234567890123456789")).as("19 digits may not fit").isEqualTo(-1);
    }
}

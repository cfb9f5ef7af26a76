package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aWalkInAscendingOrderAnswersAsLookUpsDo() {
        MsisdnSet set = new MsisdnSet();
        // dense runs, sparse numbers and numbers 2^32 apart, so the walk crosses containers and the high part
        for (long n = 13_800_000_000L; n < 13_800_200_000L; n += 3) {
            set.add(Long.toString(n));
        }
        for (long n = 15_000_000_000L; n < 19_000_000_000L; n += 99_991) {
            set.add(Long.toString(n));
        }
        set.add("+8613800000002");

        MsisdnSet.Walk walk = set.walk();
        MsisdnSet.Walk sparse = set.walk(); // asked only some numbers: it skips ahead
        long asked = 0;
        long members = 0;
        for (long n = 13_799_999_990L; n < 19_000_100_000L; n += n < 13_800_300_000L ? 1 : 49_999) {
            String m = Long.toString(n);
            boolean expected = set.contains(m);
            assertThat(walk.contains(n, m)).as("%d", n).isEqualTo(expected);
            if (n % 7 == 0) {
                assertThat(sparse.contains(n, m)).as("%d, skipping", n).isEqualTo(expected);
            }
            asked++;
            members += expected ? 1 : 0;
        }
        assertThat(members).as("the walk met members on both sides").isGreaterThan(66_000).isLessThan(asked);
        assertThat(walk.contains(-1, "+8613800000002")).as("other texts are looked up").isTrue();
        assertThatThrownBy(() -> walk.contains(13_800_000_000L, "13800000000"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of order");
    }
}

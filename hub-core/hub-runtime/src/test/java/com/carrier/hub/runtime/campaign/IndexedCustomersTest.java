package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The packed form a large list and the customer index are sorted and merged in: a valid MSISDN's key and 30 low bits
 * in one {@code long} that must sort by MSISDN across the whole range, 10000000000 to 19999999999 (keys from 2^33 up,
 * numbers from 18589934592, reach the sign bit).
 */
class IndexedCustomersTest {

    @Test
    void packedValuesSortByMsisdnOverTheWholeRange() {
        List<String> numbers = List.of("19999999999", "13800000000", "18589934592", "10000000000", "18589934591",
                "15000000000", "18999999999");
        long[] packed = new long[numbers.size()];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = IndexedCustomers.pack(IndexedCustomers.key(numbers.get(i)), (1 << 30) - 1 - i);
        }
        Arrays.sort(packed);
        String[] sorted = Arrays.stream(packed).mapToObj(p -> Long.toString(IndexedCustomers.keyOf(p) + IndexedCustomers.BASE))
                .toArray(String[]::new);
        assertThat(sorted).containsExactly("10000000000", "13800000000", "15000000000", "18589934591", "18589934592",
                "18999999999", "19999999999");
        for (long p : packed) {
            String number = Long.toString(IndexedCustomers.keyOf(p) + IndexedCustomers.BASE);
            assertThat(IndexedCustomers.lowOf(p)).as("low bits of %s", number).isEqualTo((1 << 30) - 1 - numbers.indexOf(number));
        }
    }

    @Test
    void onlyValidMsisdnsHaveAKey() {
        assertThat(IndexedCustomers.key("13800138000")).isEqualTo(3_800_138_000L);
        assertThat(IndexedCustomers.key("19999999999")).isEqualTo(9_999_999_999L);
        for (String other : List.of("", "1380013800", "138001380001", "23800138000", "1380013800x", "+8613800138000",
                " 3800138000")) {
            assertThat(IndexedCustomers.key(other)).as("'%s'", other).isEqualTo(-1);
        }
    }
}

package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The rows of a large list as staging collects them for the policy: any number of rows (the arrays grow as lines come),
 * sorted by MSISDN, each keeping its line and segment; rows that cannot be one list (a line before the first) leave the
 * collection unusable, so the policy reads the list back instead.
 */
class SortedTargetsTest {

    @Test
    void rowsCollectedAsTheyPassComeBackInMsisdnOrderWithTheirLinesAndSegments() {
        SortedTargets.Builder rows = new SortedTargets.Builder(1, 4);
        int n = 10_000;
        for (int line = 1; line <= n; line++) {
            if (line % 10 == 3) {
                continue; // a line staging coded (BAD_MSISDN, DUPLICATE): not collected, its slot stays empty
            }
            // scattered numbers, across the sign bit of the packed form (from 18589934592)
            long number = 10_000_000_000L + (line * 7_919_993L) % 9_999_999_999L;
            rows.add(line, IndexedCustomers.key(Long.toString(number)), "S" + (line % 5));
        }
        assertThat(rows.usable()).isTrue();
        SortedTargets sorted = rows.build();

        assertThat(sorted.size()).isEqualTo(n - n / 10);
        List<Long> lines = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            long line = sorted.line(i);
            lines.add(line);
            long number = sorted.key(i) + IndexedCustomers.BASE;
            assertThat(number).as("row %d", i).isEqualTo(10_000_000_000L + (line * 7_919_993L) % 9_999_999_999L);
            assertThat(sorted.segment(i)).isEqualTo("S" + (line % 5));
            if (i > 0) {
                assertThat(sorted.key(i)).as("row %d in MSISDN order", i).isGreaterThan(sorted.key(i - 1));
            }
        }
        assertThat(lines).doesNotHaveDuplicates().noneMatch(l -> l % 10 == 3);
    }

    @Test
    void aLineBeforeTheFirstOrAnInvalidNumberMakesTheCollectionUnusable() {
        SortedTargets.Builder early = new SortedTargets.Builder(5, 16);
        early.add(5, IndexedCustomers.key("13800000005"), null);
        early.add(4, IndexedCustomers.key("13800000004"), null);
        assertThat(early.usable()).isFalse();
        assertThatThrownBy(early::build).isInstanceOf(IllegalStateException.class);

        SortedTargets.Builder invalid = new SortedTargets.Builder(1, 16);
        invalid.add(1, IndexedCustomers.key("2380000000"), null);
        assertThat(invalid.usable()).isFalse();
    }
}

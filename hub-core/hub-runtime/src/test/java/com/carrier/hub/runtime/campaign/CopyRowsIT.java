package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.carrier.hub.runtime.HubIT;

/**
 * The COPY rows the hub writes (staged lists, decided contacts) and the binary COPY rows it reads back (large lists,
 * the customer index) arrive as they were: text with PostgreSQL's escape characters, beyond ASCII (Chinese, and a
 * character outside the BMP), NULLs and numbers at their limits, streamed and chunked, in chunks of more than one.
 */
class CopyRowsIT extends HubIT {

    private static final List<String> TEXTS = Arrays.asList("plain", "tab\there", "line\nbreak", "carriage\rreturn",
            "back\\slash", "\\N", "客户\t张三", "emoji 😀 \\ end", "", null, "末尾\\");
    private static final long[] NUMBERS = {0, 7, -1, 1234567890123L, Long.MAX_VALUE, Long.MIN_VALUE};

    @Autowired
    DataSource dataSource;

    @Test
    void textAndNumbersComeBackAsTheyWereWrittenStreamedOrChunked() throws Exception {
        for (boolean streaming : new boolean[] {true, false}) {
            try (Connection con = dataSource.getConnection()) {
                con.setAutoCommit(false);
                try (Statement s = con.createStatement()) {
                    s.execute("CREATE TEMP TABLE copy_rows (n BIGINT, t TEXT, k INT) ON COMMIT DROP");
                }
                CopyRows out = streaming ? CopyRows.streaming(con, "COPY copy_rows FROM STDIN")
                        : CopyRows.chunked(con, "COPY copy_rows FROM STDIN");
                int rows = 0;
                // more than one chunk (1 MiB) of rows
                for (int round = 0; round < 12_000; round++) {
                    for (int i = 0; i < TEXTS.size(); i++) {
                        out.field(NUMBERS[(round + i) % NUMBERS.length]).field(TEXTS.get(i)).field(rows++).endRow();
                    }
                }
                out.flush();

                List<String> expected = new ArrayList<>();
                List<String> stored = new ArrayList<>();
                for (int k = 0; k < rows; k++) {
                    int round = k / TEXTS.size();
                    int i = k % TEXTS.size();
                    expected.add(NUMBERS[(round + i) % NUMBERS.length] + "|" + TEXTS.get(i));
                }
                try (Statement s = con.createStatement(); ResultSet rs = s.executeQuery("SELECT n, t FROM copy_rows ORDER BY k")) {
                    while (rs.next()) {
                        stored.add(rs.getLong(1) + "|" + rs.getString(2));
                    }
                }
                assertThat(stored).as(streaming ? "streamed" : "chunked").isEqualTo(expected);

                List<String> readBack = new ArrayList<>();
                try (BinaryCopyOut in = BinaryCopyOut.open(con, "SELECT n, t, k FROM copy_rows ORDER BY k")) {
                    while (in.next()) {
                        long n = in.int8(-42);
                        String t = in.text();
                        in.skip();
                        readBack.add(n + "|" + t);
                    }
                }
                assertThat(readBack).as("read by binary COPY").isEqualTo(expected);
                con.rollback();
            }
        }
    }
}

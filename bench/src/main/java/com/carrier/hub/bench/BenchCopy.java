package com.carrier.hub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Generated fixture rows streamed into PostgreSQL by one COPY, about 1 MiB at a time (the heap never holds a table). */
final class BenchCopy {

    /** Appends one COPY text row (tab-separated, no newline) for row number i. */
    interface Row {
        void row(long i, StringBuilder sb);
    }

    private BenchCopy() {
    }

    /** COPYs {@code rows} generated rows into {@code target} ("table (columns)" or a table name). */
    static void copy(Connection c, String target, long rows, Row generator) throws SQLException, IOException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN");
        StringBuilder sb = new StringBuilder(1 << 21);
        try {
            for (long i = 0; i < rows; i++) {
                generator.row(i, sb);
                sb.append('\n');
                if (sb.length() > 1 << 20) {
                    byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(b, 0, b.length);
                    sb.setLength(0);
                }
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(b, 0, b.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }
}

package com.carrier.hub.runtime.campaign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import com.carrier.hub.batchfile.jdbc.CopyText;

/**
 * Rows for {@code COPY … FROM STDIN} in PostgreSQL's text format ({@link CopyText}), sent one chunk (about 1 MiB) at
 * a time, so memory stays flat however long the list: one COPY per chunk, or one COPY streamed chunk by chunk.
 */
final class CopyRows {

    private static final int CHUNK = 1 << 20;

    private final CopyManager copy;
    private final String sql;
    private final boolean streaming;
    private final CopyText rows = new CopyText(CHUNK + 4096);
    private CopyIn open;

    private CopyRows(Connection con, String sql, boolean streaming) throws SQLException {
        this.copy = con.unwrap(PGConnection.class).getCopyAPI();
        this.sql = sql;
        this.streaming = streaming;
    }

    /** One COPY per chunk: other statements (an open cursor) may use the connection between chunks. */
    static CopyRows chunked(Connection con, String sql) throws SQLException {
        return new CopyRows(con, sql, false);
    }

    /**
     * One COPY for all rows, chunks streamed as they fill, so the database works on one while the next is built;
     * nothing else may use the connection until {@link #flush()} ends it.
     */
    static CopyRows streaming(Connection con, String sql) throws SQLException {
        return new CopyRows(con, sql, true);
    }

    CopyRows field(long value) {
        rows.field(value);
        return this;
    }

    CopyRows field(String value) {
        rows.field(value);
        return this;
    }

    void endRow() throws SQLException {
        rows.endRow();
        if (rows.length() >= CHUNK) {
            send();
        }
    }

    /** Sends what is left and ends the COPY. */
    void flush() throws SQLException {
        send();
        if (open != null) {
            CopyIn ending = open;
            open = null;
            ending.endCopy();
        }
    }

    /** Abandons a streaming COPY (its rows are not stored), so the transaction can roll back on this connection. */
    void cancel() {
        if (open != null && open.isActive()) {
            try {
                open.cancelCopy();
            } catch (SQLException ignored) {
                // the connection is broken anyway; the transaction rolls back with it
            }
        }
        open = null;
    }

    private void send() throws SQLException {
        int bytes = rows.length();
        if (bytes == 0) {
            return;
        }
        if (streaming) {
            if (open == null) {
                open = copy.copyIn(sql);
            }
            open.writeToCopy(rows.bytes(), 0, bytes);
        } else {
            try {
                copy.copyIn(sql, new ByteArrayInputStream(rows.bytes(), 0, bytes));
            } catch (IOException e) {
                throw new SQLException("COPY from memory failed: " + e.getMessage(), e);
            }
        }
        rows.clear();
    }
}

package com.carrier.hub.runtime.campaign;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * The rows of {@code COPY (query) TO STDOUT (FORMAT binary)}, read field by field as they stream in: PostgreSQL's
 * cheapest way to hand millions of rows to the hub (no per-row protocol message parsing into strings, no escapes).
 * Fields are read in the query's column order; each must be read (or {@link #skip skipped}) before the next row.
 * Column types must be the ones the reader expects (cast them in the query): {@code text}, {@code int4},
 * {@code int8}, {@code bool}.
 */
final class BinaryCopyOut implements AutoCloseable {

    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

    private final PGCopyInputStream copy;
    private final DataInputStream in;
    private final String sql;
    private byte[] text = new byte[64];
    private int textLength;

    private BinaryCopyOut(Connection con, String sql) throws SQLException {
        this.sql = sql;
        this.copy = new PGCopyInputStream(con.unwrap(PGConnection.class), "COPY (" + sql + ") TO STDOUT (FORMAT binary)");
        this.in = new DataInputStream(new BufferedInputStream(copy, 1 << 16));
    }

    /** Starts the COPY of {@code sql}'s rows on {@code con}; nothing else may use the connection until it is closed. */
    static BinaryCopyOut open(Connection con, String sql) throws SQLException {
        BinaryCopyOut out = new BinaryCopyOut(con, sql);
        try {
            out.header();
            return out;
        } catch (SQLException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** A text literal for a query run by COPY, which takes no parameters (standard_conforming_strings is on). */
    static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL character cannot be in a query literal");
        }
        return "'" + value.replace("'", "''") + "'";
    }

    /** Moves to the next row; false after the last. */
    boolean next() throws SQLException {
        try {
            short fields = in.readShort();
            return fields != -1;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The next field as text; null when it is NULL. */
    String text() throws SQLException {
        return textBytes() < 0 ? null : new String(text, 0, textLength, StandardCharsets.UTF_8);
    }

    /**
     * Reads the next text field's UTF-8 bytes into {@link #bytes()}; returns their length, or -1 when the field is
     * NULL. Lets a caller parse a field (a number, say) without making a String of it.
     */
    int textBytes() throws SQLException {
        try {
            int length = in.readInt();
            if (length < 0) {
                textLength = 0;
                return -1;
            }
            if (length > text.length) {
                text = Arrays.copyOf(text, Math.max(length, text.length * 2));
            }
            in.readFully(text, 0, length);
            textLength = length;
            return length;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The bytes of the last {@link #textBytes()} field (valid up to its length, until the next field is read). */
    byte[] bytes() {
        return text;
    }

    /** The next field, an int4; {@code ifNull} when it is NULL. */
    int int4(int ifNull) throws SQLException {
        try {
            int length = in.readInt();
            if (length < 0) {
                return ifNull;
            }
            expect(length, 4);
            return in.readInt();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The next field, an int8; {@code ifNull} when it is NULL. */
    long int8(long ifNull) throws SQLException {
        try {
            int length = in.readInt();
            if (length < 0) {
                return ifNull;
            }
            expect(length, 8);
            return in.readLong();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** The next field, a bool; {@code ifNull} when it is NULL. */
    boolean bool(boolean ifNull) throws SQLException {
        try {
            int length = in.readInt();
            if (length < 0) {
                return ifNull;
            }
            expect(length, 1);
            return in.readByte() != 0;
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Passes over the next field. */
    void skip() throws SQLException {
        try {
            int length = in.readInt();
            if (length > 0) {
                in.skipNBytes(length);
            }
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Ends the COPY; one left half-read is cancelled, so the connection can be used (or rolled back) again. */
    @Override
    public void close() throws SQLException {
        try {
            copy.close();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void header() throws SQLException {
        try {
            byte[] signature = new byte[SIGNATURE.length];
            in.readFully(signature);
            if (!Arrays.equals(signature, SIGNATURE)) {
                throw new SQLException("COPY of " + sql + ": not PostgreSQL's binary COPY format");
            }
            in.readInt(); // flags: no OIDs since PostgreSQL 12
            in.skipNBytes(in.readInt()); // header extension
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private void expect(int length, int expected) throws SQLException {
        if (length != expected) {
            throw new SQLException("COPY of " + sql + ": a field of " + length + " bytes where " + expected
                    + " were expected (cast the column in the query)");
        }
    }

    private SQLException failed(IOException e) {
        String what = e instanceof EOFException ? "ended in the middle of a row" : "failed: " + e.getMessage();
        return new SQLException("COPY of " + sql + " " + what, e);
    }
}

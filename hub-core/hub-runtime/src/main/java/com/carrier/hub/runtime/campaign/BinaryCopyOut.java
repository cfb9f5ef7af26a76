package com.carrier.hub.runtime.campaign;

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
    private final String sql;
    /** Read ahead from the COPY: {@code buffer[at..end)} is not parsed yet (no stream layers, no locks per byte). */
    private final byte[] buffer = new byte[1 << 16];
    private int at;
    private int end;
    private byte[] text = new byte[64];
    private int textLength;

    private BinaryCopyOut(Connection con, String sql) throws SQLException {
        this.sql = sql;
        this.copy = new PGCopyInputStream(con.unwrap(PGConnection.class), "COPY (" + sql + ") TO STDOUT (FORMAT binary)");
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
        return (short) readShort() != -1;
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
        int length = readInt();
        if (length < 0) {
            textLength = 0;
            return -1;
        }
        if (length > text.length) {
            text = Arrays.copyOf(text, Math.max(length, text.length * 2));
        }
        readFully(text, length);
        textLength = length;
        return length;
    }

    /** The bytes of the last {@link #textBytes()} field (valid up to its length, until the next field is read). */
    byte[] bytes() {
        return text;
    }

    /** The next field, an int4; {@code ifNull} when it is NULL. */
    int int4(int ifNull) throws SQLException {
        int length = readInt();
        if (length < 0) {
            return ifNull;
        }
        expect(length, 4);
        return readInt();
    }

    /** The next field, an int8; {@code ifNull} when it is NULL. */
    long int8(long ifNull) throws SQLException {
        int length = readInt();
        if (length < 0) {
            return ifNull;
        }
        expect(length, 8);
        return (long) readInt() << 32 | readInt() & 0xFFFFFFFFL;
    }

    /** The next field, a bool; {@code ifNull} when it is NULL. */
    boolean bool(boolean ifNull) throws SQLException {
        int length = readInt();
        if (length < 0) {
            return ifNull;
        }
        expect(length, 1);
        require(1);
        return buffer[at++] != 0;
    }

    /** Passes over the next field. */
    void skip() throws SQLException {
        int length = readInt();
        while (length > 0) {
            require(1);
            int n = Math.min(length, end - at);
            at += n;
            length -= n;
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
        byte[] signature = new byte[SIGNATURE.length];
        readFully(signature, signature.length);
        if (!Arrays.equals(signature, SIGNATURE)) {
            throw new SQLException("COPY of " + sql + ": not PostgreSQL's binary COPY format");
        }
        readInt(); // flags: no OIDs since PostgreSQL 12
        byte[] extension = new byte[readInt()];
        readFully(extension, extension.length);
    }

    private int readShort() throws SQLException {
        require(2);
        int v = (buffer[at] & 0xFF) << 8 | buffer[at + 1] & 0xFF;
        at += 2;
        return v;
    }

    private int readInt() throws SQLException {
        require(4);
        int v = (buffer[at] & 0xFF) << 24 | (buffer[at + 1] & 0xFF) << 16 | (buffer[at + 2] & 0xFF) << 8 | buffer[at + 3] & 0xFF;
        at += 4;
        return v;
    }

    private void readFully(byte[] into, int length) throws SQLException {
        int done = 0;
        while (done < length) {
            require(1);
            int n = Math.min(length - done, end - at);
            System.arraycopy(buffer, at, into, done, n);
            at += n;
            done += n;
        }
    }

    /** Makes at least {@code bytes} (at most the buffer's size) unread bytes available, or fails at the COPY's end. */
    private void require(int bytes) throws SQLException {
        if (end - at >= bytes) {
            return;
        }
        System.arraycopy(buffer, at, buffer, 0, end - at);
        end -= at;
        at = 0;
        try {
            while (end < bytes) {
                int n = copy.read(buffer, end, buffer.length - end);
                if (n < 0) {
                    throw new EOFException();
                }
                end += n;
            }
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

package com.carrier.hub.batchfile.jdbc;

import java.util.Arrays;

/**
 * Rows in PostgreSQL's COPY text format, encoded straight to UTF-8 bytes (no String per row, no second pass to
 * encode): fields separated by tabs, rows ended by a newline, null as {@code \N}, backslash, tab, newline and carriage
 * return escaped. The buffer grows to the largest batch and is reused: callers send {@link #bytes()} up to
 * {@link #length()} and {@link #clear()} it. Used for the batch-file stage tables and for the hub's own COPYs (target
 * lists, contact decisions).
 */
public final class CopyText {

    private byte[] buf;
    private int len;
    private boolean rowStart = true;

    public CopyText(int capacity) {
        this.buf = new byte[capacity];
    }

    /** Appends one staged row of a batch file: {@code line_no}, then one column per feed field. */
    public void row(long lineNumber, String[] fields) {
        field(lineNumber);
        for (String f : fields) {
            field(f);
        }
        endRow();
    }

    /** The next field of the row: text, or SQL NULL for null. */
    public CopyText field(String value) {
        separate();
        if (value == null) {
            ensure(2);
            buf[len++] = '\\';
            buf[len++] = 'N';
        } else {
            text(value);
        }
        return this;
    }

    /** The next field of the row: a number. */
    public CopyText field(long value) {
        separate();
        ensure(20);
        if (value == Long.MIN_VALUE) {
            text(Long.toString(value));
            return this;
        }
        if (value < 0) {
            buf[len++] = '-';
            value = -value;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte b = buf[i];
            buf[i] = buf[j];
            buf[j] = b;
        }
        return this;
    }

    /** Ends the row. */
    public void endRow() {
        ensure(1);
        buf[len++] = '\n';
        rowStart = true;
    }

    public byte[] bytes() {
        return buf;
    }

    public int length() {
        return len;
    }

    /** Forgets the rows encoded so far (after they were sent). */
    public void clear() {
        len = 0;
        rowStart = true;
    }

    private void separate() {
        if (!rowStart) {
            ensure(1);
            buf[len++] = '\t';
        }
        rowStart = false;
    }

    /** UTF-8 with COPY text escaping; a lone surrogate (not a character) becomes '?', as the JDK's encoder makes it. */
    private void text(String s) {
        ensure(s.length() * 3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> escape('\\');
                    case '\t' -> escape('t');
                    case '\n' -> escape('n');
                    case '\r' -> escape('r');
                    default -> buf[len++] = (byte) c;
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xc0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[len++] = (byte) (0xf0 | (cp >> 18));
                    buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    buf[len++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    buf[len++] = '?';
                }
            } else {
                buf[len++] = (byte) (0xe0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    private void escape(char c) {
        buf[len++] = '\\';
        buf[len++] = (byte) c;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}

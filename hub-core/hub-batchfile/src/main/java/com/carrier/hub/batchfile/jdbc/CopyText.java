package com.carrier.hub.batchfile.jdbc;

import java.util.Arrays;

/**
 * Rows of a staging table in PostgreSQL's COPY text format, encoded straight to UTF-8 bytes: {@code line_no}, then one
 * column per feed field, with backslash, tab, newline and carriage return escaped. The buffer grows to the largest row
 * and is reused: callers send {@link #bytes()} up to {@link #length()} and {@link #clear()} it.
 */
final class CopyText {

    private byte[] buf;
    private int len;

    CopyText(int capacity) {
        this.buf = new byte[capacity];
    }

    /** Appends one staged row. */
    void row(long lineNumber, String[] fields) {
        ascii(Long.toString(lineNumber));
        for (String f : fields) {
            put((byte) '\t');
            text(f);
        }
        put((byte) '\n');
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    void clear() {
        len = 0;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    /** UTF-8 with COPY text escaping of backslash, tab, newline and carriage return. */
    private void text(String s) {
        ensure(s.length() * 3 + 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> { buf[len++] = '\\'; buf[len++] = '\\'; }
                    case '\t' -> { buf[len++] = '\\'; buf[len++] = 't'; }
                    case '\n' -> { buf[len++] = '\\'; buf[len++] = 'n'; }
                    case '\r' -> { buf[len++] = '\\'; buf[len++] = 'r'; }
                    default -> buf[len++] = (byte) c;
                }
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xc0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[len++] = (byte) (0xf0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                buf[len++] = (byte) (0xe0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[len++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}

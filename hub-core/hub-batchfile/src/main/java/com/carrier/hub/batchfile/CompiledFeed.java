package com.carrier.hub.batchfile;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A checked {@link FeedDefinition} in the form the engine runs: compiled patterns, value sets, a strict decoder.
 * Not thread-safe (it reuses its decoder and buffers): use one per file being read.
 */
public final class CompiledFeed {

    private final FeedDefinition definition;
    private final Pattern namePattern;
    private final Charset charset;
    private final boolean utf8;
    private final char delimiter;
    private final Field[] fields;
    private final CharsetDecoder decoder;
    private CharBuffer chars = CharBuffer.allocate(1024);

    CompiledFeed(FeedDefinition definition) {
        this.definition = definition;
        this.namePattern = Pattern.compile(definition.getNamePattern());
        this.charset = Charset.forName(definition.getCharset());
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
        this.delimiter = definition.getDelimiter().charAt(0);
        List<FieldRule> rules = definition.getFields();
        this.fields = new Field[rules.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = new Field(rules.get(i));
        }
        // Strict: a byte sequence that is not valid in the declared charset is a rejected row, never a U+FFFD.
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** A fresh copy for another thread or file. */
    public CompiledFeed copy() {
        return new CompiledFeed(definition);
    }

    public FeedDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.getName();
    }

    public Charset charset() {
        return charset;
    }

    public char delimiter() {
        return delimiter;
    }

    /** Names of the fields, in row order. */
    public List<String> fieldNames() {
        return definition.getFields().stream().map(FieldRule::getName).toList();
    }

    public int fieldCount() {
        return fields.length;
    }

    /** Whether a data file's name belongs to this feed. */
    public boolean matches(String fileName) {
        return namePattern.matcher(fileName).matches();
    }

    /**
     * Decodes one line (without its line end) and splits it into fields, or says why it is rejected.
     *
     * @param into receives the field values; length {@link #fieldCount()}
     * @return null when the row is valid, else its reason code
     */
    String parse(byte[] line, int length, String[] into) {
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (line[i] < 0) {
                ascii = false;
                break;
            }
        }
        CharSequence text;
        if (ascii) {
            text = null;
        } else {
            if (!utf8 && looksLikeUtf8(line, length)) {
                // Declared GBK but the bytes are UTF-8: decoding would "work" and store mojibake.
                return "BAD_ENCODING";
            }
            CharBuffer decoded = decode(line, length);
            if (decoded == null) {
                return "BAD_ENCODING";
            }
            text = decoded;
        }
        int n = split(line, length, text, into);
        if (n != fields.length) {
            return "WRONG_FIELD_COUNT";
        }
        for (int i = 0; i < fields.length; i++) {
            String code = fields[i].check(into[i]);
            if (code != null) {
                return code;
            }
        }
        return null;
    }

    private int split(byte[] line, int length, CharSequence text, String[] into) {
        int count = 0;
        int start = 0;
        int end = text == null ? length : text.length();
        for (int i = 0; i <= end; i++) {
            char c = i == end ? delimiter : (text == null ? (char) line[i] : text.charAt(i));
            if (c == delimiter) {
                if (count < into.length) {
                    into[count] = text == null
                            ? new String(line, start, i - start, StandardCharsets.ISO_8859_1)
                            : text.subSequence(start, i).toString();
                }
                count++;
                start = i + 1;
            }
        }
        return count;
    }

    private CharBuffer decode(byte[] line, int length) {
        if (chars.capacity() < length) {
            chars = CharBuffer.allocate(Math.max(length, chars.capacity() * 2));
        }
        chars.clear();
        decoder.reset();
        ByteBuffer in = ByteBuffer.wrap(line, 0, length);
        CoderResult r = decoder.decode(in, chars, true);
        if (r.isError() || r.isOverflow()) {
            return null;
        }
        r = decoder.flush(chars);
        if (r.isError()) {
            return null;
        }
        chars.flip();
        return chars;
    }

    /**
     * True when the non-ASCII bytes of the line form well-formed UTF-8 and hold at least one sequence of three or
     * more bytes (every CJK character in UTF-8 is three bytes). Real GBK text almost never does: its two-byte
     * characters may pass as two-byte UTF-8, but a three-byte pattern followed by valid continuations across a whole
     * line is very unlikely, while UTF-8 Chinese decodes as GBK "successfully" into mojibake.
     */
    static boolean looksLikeUtf8(byte[] b, int length) {
        int longSequences = 0;
        int i = 0;
        while (i < length) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int extra;
            if (c >= 0xc2 && c <= 0xdf) {
                extra = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                extra = 2;
            } else if (c >= 0xf0 && c <= 0xf4) {
                extra = 3;
            } else {
                return false;
            }
            for (int k = 1; k <= extra; k++) {
                if (i + k >= length || (b[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            if (extra >= 2) {
                longSequences++;
            }
            i += extra + 1;
        }
        return longSequences > 0;
    }

    /** One field's compiled rules. */
    private static final class Field {
        private final FieldRule rule;
        private final String badCode;
        private final String missingCode;
        private final Set<String> values;
        private final BigDecimal min;
        private final BigDecimal max;
        private final long minLong;
        private final long maxLong;

        Field(FieldRule rule) {
            this.rule = rule;
            this.badCode = rule.getRejectCode() != null ? rule.getRejectCode() : rule.getType().defaultCode(rule.getName());
            this.missingCode = rule.getRejectCode() != null ? rule.getRejectCode()
                    : rule.getType() == FieldType.MSISDN ? "BAD_MSISDN"
                    : "MISSING_" + rule.getName().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            this.values = rule.getValues() == null || rule.getValues().isEmpty() ? null : new HashSet<>(rule.getValues());
            this.min = rule.getMin() == null ? null : new BigDecimal(rule.getMin());
            this.max = rule.getMax() == null ? null : new BigDecimal(rule.getMax());
            this.minLong = min == null ? Long.MIN_VALUE : min.longValue();
            this.maxLong = max == null ? Long.MAX_VALUE : max.longValue();
        }

        String check(String v) {
            if (v.isEmpty()) {
                return rule.isRequired() || rule.getType() == FieldType.MSISDN ? missingCode : null;
            }
            if (rule.getMaxLength() > 0 && v.length() > rule.getMaxLength()
                    || rule.getMinLength() > 0 && v.length() < rule.getMinLength()) {
                return badCode;
            }
            if (values != null && !values.contains(v)) {
                return badCode;
            }
            return switch (rule.getType()) {
                case TEXT -> null;
                case DIGITS -> digits(v, 0, v.length()) ? null : badCode;
                case MSISDN -> com.carrier.hub.batchfile.Msisdns.isValid(v) ? null : badCode;
                case INTEGER -> integer(v) ? null : badCode;
                case DECIMAL -> decimal(v) ? null : badCode;
                case DATE -> date(v) ? null : badCode;
                case TIMESTAMP -> timestamp(v) ? null : badCode;
            };
        }

        private boolean integer(String v) {
            int from = v.charAt(0) == '-' ? 1 : 0;
            if (v.length() - from < 1 || v.length() - from > 18 || !digits(v, from, v.length())) {
                return false;
            }
            long n = Long.parseLong(v);
            return n >= minLong && n <= maxLong;
        }

        private boolean decimal(String v) {
            BigDecimal d;
            try {
                d = new BigDecimal(v);
            } catch (NumberFormatException e) {
                return false;
            }
            return (min == null || d.compareTo(min) >= 0) && (max == null || d.compareTo(max) <= 0);
        }

        private static boolean date(String v) {
            if (v.length() != 8 || !digits(v, 0, 8)) {
                return false;
            }
            try {
                LocalDate.of(num(v, 0, 4), num(v, 4, 6), num(v, 6, 8));
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }

        private static boolean timestamp(String v) {
            if (v.length() != 14 || !digits(v, 0, 14)) {
                return false;
            }
            try {
                LocalDateTime.of(num(v, 0, 4), num(v, 4, 6), num(v, 6, 8), num(v, 8, 10), num(v, 10, 12), num(v, 12, 14));
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }

        private static int num(String v, int from, int to) {
            int n = 0;
            for (int i = from; i < to; i++) {
                n = n * 10 + (v.charAt(i) - '0');
            }
            return n;
        }

        private static boolean digits(String v, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = v.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return to > from;
        }
    }
}

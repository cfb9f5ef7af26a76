package com.carrier.hub.simulators.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes realistic BOSS customer delta files (PEERS.md §1.1) of any size, streaming: GBK Chinese names (including
 * characters whose GBK trail byte is 0x7C, the '|'), valid MSISDNs, brands, cities and classes, a valid control
 * file, and on request a chosen number of bad rows of each {@link BadRow} kind spread through the file.
 * Rows are about 113 bytes. Deterministic for a given seed.
 *
 * <pre>{@code
 * GeneratedFile f = new CustomerDeltaGenerator().rows(10_000).bad(BadRow.BAD_MSISDN, 3).write(dir, "CUST_DELTA_20261122_0001.dat");
 * }</pre>
 */
public final class CustomerDeltaGenerator {

    /** Kinds of invalid row the generator can inject, named by the reason code the hub should give them. */
    public enum BadRow {
        BAD_MSISDN, BAD_DATE, UNKNOWN_OP, WRONG_FIELD_COUNT,
        /** The name encoded in UTF-8 inside a GBK file. */
        BAD_ENCODING
    }

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
            "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "欧阳", "司马"};
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志文斌宇浩凯健俊帆帅旭宁";
    private static final String[] BRANDS = {"GOTONE", "MZONE", "EASYOWN", "OTHER"};
    private static final String[] CITIES = {"591", "592", "593", "594", "595", "596", "597", "598", "599", "0591", "020", "0755"};
    private static final String[] HANDSETS = {"HUAWEI Mate60", "HUAWEI P70", "Xiaomi 14", "iPhone 15", "OPPO Reno11", "vivo X100", "", "Honor 90"};
    private static final String[] PREFIXES = {"134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158", "159",
            "178", "182", "183", "184", "187", "188", "198"};

    private long rows = 1000;
    private long seed = 20261122L;
    private Charset charset = Charset.forName("GBK");
    private String date = "20261122";
    private boolean crlf;
    private boolean withControl = true;
    private final Map<BadRow, Long> bad = new EnumMap<>(BadRow.class);
    private byte[][] givenChars;
    private byte[][] pipeTrailChars;

    public CustomerDeltaGenerator rows(long rows) {
        this.rows = rows;
        return this;
    }

    public CustomerDeltaGenerator seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The day in the rows' update times, {@code yyyyMMdd}. */
    public CustomerDeltaGenerator date(String yyyyMMdd) {
        this.date = yyyyMMdd;
        return this;
    }

    /** The file's encoding (GBK by default; a UTF-8 file written and declared GBK is a bad-input test). */
    public CustomerDeltaGenerator charset(Charset charset) {
        this.charset = charset;
        return this;
    }

    /** End lines with CRLF instead of LF. */
    public CustomerDeltaGenerator crlf(boolean crlf) {
        this.crlf = crlf;
        return this;
    }

    /** Whether to write the control file (default yes). */
    public CustomerDeltaGenerator withControl(boolean withControl) {
        this.withControl = withControl;
        return this;
    }

    /** Injects {@code count} rows of a bad kind, spread evenly through the file. */
    public CustomerDeltaGenerator bad(BadRow kind, long count) {
        bad.put(kind, count);
        return this;
    }

    /** Writes {@code dir/fileName} and, unless told not to, its control file; returns what was written. */
    public GeneratedFile write(Path dir, String fileName) throws IOException {
        Files.createDirectories(dir);
        Path data = dir.resolve(fileName);
        MessageDigest md5 = md5();
        long badCount;
        long bytes;
        try (CountingOutputStream counter = new CountingOutputStream(Files.newOutputStream(data));
             OutputStream out = new BufferedOutputStream(new DigestOutputStream(counter, md5), 256 * 1024)) {
            badCount = writeRows(out);
            out.flush();
            bytes = counter.count;
        }
        String hex = HexFormat.of().formatHex(md5.digest());
        GeneratedFile file = new GeneratedFile(data, null, rows, badCount, bytes, hex);
        if (!withControl) {
            return file;
        }
        String name = fileName.endsWith(".dat") ? fileName.substring(0, fileName.length() - 4) : fileName;
        Path control = dir.resolve(name + ".chk");
        Files.writeString(control, file.controlLine(date + "235959"), charset);
        return new GeneratedFile(data, control, rows, badCount, bytes, hex);
    }

    /** Streams the rows to {@code out} (no control file); returns the number of bad rows written. */
    public long writeRows(OutputStream out) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        givenChars = encodeEach(GIVEN, charset);
        pipeTrailChars = pipeTrail(charset);
        List<long[]> plan = new ArrayList<>();
        for (Map.Entry<BadRow, Long> e : bad.entrySet()) {
            if (e.getValue() > 0) {
                plan.add(new long[] {e.getKey().ordinal(), e.getValue()});
            }
        }
        long badCount = 0;
        byte[] eol = crlf ? new byte[] {'\r', '\n'} : new byte[] {'\n'};
        ByteBuilder line = new ByteBuilder(256);
        for (long i = 0; i < rows; i++) {
            BadRow kind = badKindAt(i, plan);
            line.reset();
            row(line, i, random, kind);
            out.write(line.bytes, 0, line.length);
            out.write(eol);
            if (kind != null) {
                badCount++;
            }
        }
        return badCount;
    }

    private BadRow badKindAt(long i, List<long[]> plan) {
        // Kind k's bad rows sit at evenly spaced lines, offset per kind so kinds do not collide.
        for (long[] p : plan) {
            long count = p[1];
            long step = Math.max(1, rows / count);
            long offset = (p[0] * 7 + 3) % step;
            if (i % step == offset && i / step < count) {
                return BadRow.values()[(int) p[0]];
            }
        }
        return null;
    }

    private void row(ByteBuilder b, long i, SplittableRandom r, BadRow kind) {
        b.ascii(kind == BadRow.UNKNOWN_OP ? "X" : (i % 10 == 0 ? "A" : i % 50 == 7 ? "D" : "U")).pipe();
        if (kind == BadRow.BAD_MSISDN) {
            b.ascii("2").digits(r.nextLong(1_000_000_000L), 9).pipe();
        } else {
            b.ascii(PREFIXES[(int) (i % PREFIXES.length)]).digits((i * 7919 + 12345) % 100_000_000L, 8).pipe();
        }
        b.ascii("C").digits(i, 19).ascii("F").digits(r.nextInt(1000), 3).pipe();
        if (kind == BadRow.BAD_ENCODING) {
            b.raw(SURNAMES[(int) (i % SURNAMES.length)].getBytes(StandardCharsets.UTF_8))
                    .raw("小明".getBytes(StandardCharsets.UTF_8)).pipe();
        } else {
            name(b, i, r);
            b.pipe();
        }
        b.ascii(BRANDS[r.nextInt(BRANDS.length)]).pipe();
        b.ascii(CITIES[r.nextInt(CITIES.length)]).pipe();
        b.ascii("P").digits(r.nextInt(100_000), 10).pipe();
        b.ascii(r.nextInt(20) == 0 ? "2" : "1").pipe();
        b.ascii(HANDSETS[r.nextInt(HANDSETS.length)]).pipe();
        b.ascii(kind == BadRow.BAD_DATE ? "20231345" : "20" + (10 + r.nextInt(16)) + "0" + (1 + r.nextInt(9)) + (10 + r.nextInt(18))).pipe();
        b.digits(r.nextInt(2_000_000), 1).pipe();
        b.digits(1 + r.nextInt(5), 1).pipe();
        b.ascii(date).digits(r.nextInt(24), 2).digits(r.nextInt(60), 2).digits(r.nextInt(60), 2);
        if (kind == BadRow.WRONG_FIELD_COUNT) {
            b.pipe().ascii("EXTRA");
        }
    }

    private void name(ByteBuilder b, long i, SplittableRandom r) {
        if (i % 97 == 5) {
            return; // may be empty
        }
        b.raw(SURNAMES[(int) (i % SURNAMES.length)].getBytes(charset));
        // One name in 16 holds a character whose GBK trail byte is '|', to prove decode-before-split.
        if (pipeTrailChars.length > 0 && i % 16 == 3) {
            b.raw(pipeTrailChars[r.nextInt(pipeTrailChars.length)]);
        } else {
            b.raw(givenChars[r.nextInt(givenChars.length)]);
        }
        if (r.nextBoolean()) {
            b.raw(givenChars[r.nextInt(givenChars.length)]);
        }
    }

    /** Common name characters whose encoding in {@code cs} has 0x7C ('|') as a byte; none for UTF-8. */
    static byte[][] pipeTrail(Charset cs) {
        List<byte[]> found = new ArrayList<>();
        for (char c = '\u4e00'; c <= '\u9fa5' && found.size() < 24; c++) {
            byte[] e = String.valueOf(c).getBytes(cs);
            if (e.length == 2 && e[1] == 0x7c) {
                found.add(e);
            }
        }
        return found.toArray(byte[][]::new);
    }

    private static byte[][] encodeEach(String chars, Charset cs) {
        byte[][] out = new byte[chars.length()][];
        for (int i = 0; i < chars.length(); i++) {
            out[i] = String.valueOf(chars.charAt(i)).getBytes(cs);
        }
        return out;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reusable byte line. */
    private static final class ByteBuilder {
        byte[] bytes;
        int length;

        ByteBuilder(int capacity) {
            bytes = new byte[capacity];
        }

        void reset() {
            length = 0;
        }

        ByteBuilder pipe() {
            ensure(1);
            bytes[length++] = '|';
            return this;
        }

        ByteBuilder ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[length++] = (byte) s.charAt(i);
            }
            return this;
        }

        ByteBuilder raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, length, b.length);
            length += b.length;
            return this;
        }

        /** {@code value} zero-padded to at least {@code width} digits. */
        ByteBuilder digits(long value, int width) {
            String s = Long.toString(value);
            for (int i = s.length(); i < width; i++) {
                ensure(1);
                bytes[length++] = '0';
            }
            return ascii(s);
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}

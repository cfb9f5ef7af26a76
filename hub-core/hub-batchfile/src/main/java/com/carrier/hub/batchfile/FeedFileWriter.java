package com.carrier.hub.batchfile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import com.carrier.hub.api.HubTime;

/**
 * The writer side of a feed the hub produces (PEERS.md §2.2): rows are encoded in the feed's charset and joined
 * with its delimiter into {@code NAME.dat.tmp}; {@link #close()} renames it to {@code NAME.dat} and only then writes
 * {@code NAME.chk} with the count, size and MD5, so a reader that waits for the control file never sees a partial
 * file. A value containing the delimiter or a line end is refused (the format has no quoting). Upload the pair in
 * the same order (data first, under a temporary name, then the control file) — the warehouse sink Kamelet does.
 */
public final class FeedFileWriter implements AutoCloseable {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private final CompiledFeed feed;
    private final Path dir;
    private final String fileName;
    private final Path tmp;
    private final MessageDigest md5;
    private final CountingStream counter;
    private final OutputStream out;
    private final CharsetEncoder encoder;
    private final Clock clock;
    /** Reused per row: an array-backed CharBuffer takes the encoder's array loop (the wrapped StringBuilder did not). */
    private char[] chars = new char[256];
    private ByteBuffer bytes = ByteBuffer.allocate(1024);
    private long rows;
    private boolean closed;

    private FeedFileWriter(CompiledFeed feed, Path dir, String fileName, Clock clock) throws IOException {
        String problem = FileNames.problem(fileName);
        if (problem != null) {
            throw new IllegalArgumentException(feed.name() + ": " + problem + ": " + FileNames.printable(fileName));
        }
        this.feed = feed;
        this.dir = dir;
        this.fileName = fileName;
        this.clock = clock;
        this.tmp = dir.resolve(fileName + ".tmp");
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.counter = new CountingStream(Files.newOutputStream(tmp));
        this.out = new BufferedOutputStream(new DigestOutputStream(counter, md5), 64 * 1024);
        this.encoder = feed.charset().newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Starts {@code dir/fileName} (written as {@code fileName.tmp} until closed). */
    public static FeedFileWriter open(CompiledFeed feed, Path dir, String fileName) throws IOException {
        return new FeedFileWriter(feed, dir, fileName, Clock.system(HubTime.ZONE));
    }

    /** Writes one row; the values must be as many as the feed's fields. */
    public void row(String... values) throws IOException {
        if (values.length != feed.fieldCount()) {
            throw new IllegalArgumentException(feed.name() + ": row " + (rows + 1) + " has " + values.length
                    + " values, the feed has " + feed.fieldCount() + " fields");
        }
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < values.length; i++) {
            String v = values[i] == null ? "" : values[i];
            if (v.indexOf(feed.delimiter()) >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(feed.name() + ": row " + (rows + 1) + " field " + feed.fieldNames().get(i)
                        + " contains the delimiter or a line end");
            }
            if (i > 0) {
                line.append(feed.delimiter());
            }
            line.append(v);
        }
        line.append('\n');
        int n = line.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        line.getChars(0, n, chars, 0);
        int worst = (int) Math.ceil(encoder.maxBytesPerChar() * n);
        if (bytes.capacity() < worst) {
            bytes = ByteBuffer.allocate(Math.max(worst, bytes.capacity() * 2));
        }
        bytes.clear();
        CoderResult r = encoder.reset().encode(CharBuffer.wrap(chars, 0, n), bytes, true);
        if (r.isUnderflow()) {
            r = encoder.flush(bytes);
        }
        if (!r.isUnderflow()) {
            throw new IllegalArgumentException(feed.name() + ": row " + (rows + 1) + " cannot be encoded in " + feed.charset()
                    + " (" + r + ")");
        }
        out.write(bytes.array(), 0, bytes.position());
        rows++;
    }

    public long rows() {
        return rows;
    }

    /** Finishes the data file, renames it into place, then writes the control file; returns the control record. */
    public ControlFile finish() throws IOException {
        if (closed) {
            throw new IllegalStateException(fileName + " already finished");
        }
        closed = true;
        out.close();
        Files.move(tmp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        ControlFile control = new ControlFile(fileName, rows, counter.count, ControlFile.hex(md5.digest()),
                LocalDateTime.now(clock).format(TS));
        Path chkTmp = dir.resolve(ControlFile.nameFor(fileName) + ".tmp");
        Files.write(chkTmp, control.format().getBytes(feed.charset()));
        Files.move(chkTmp, dir.resolve(ControlFile.nameFor(fileName)), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        return control;
    }

    /** Abandons an unfinished file (its temporary file is removed); a finished one is left as it is. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                out.close();
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
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

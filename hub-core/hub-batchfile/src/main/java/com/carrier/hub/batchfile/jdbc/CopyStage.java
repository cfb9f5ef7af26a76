package com.carrier.hub.batchfile.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FileStage;

/**
 * Stages a file's valid rows in PostgreSQL with COPY (pgjdbc's CopyManager) into a temporary table — one column per
 * feed field, named after it, plus {@code line_no} — inside one transaction; {@link #publish()} runs the feed's
 * set-based {@link Publisher} in that same transaction and commits, so a file is published whole or not at all and a
 * database failure in the middle leaves nothing behind.
 *
 * <p>The caller's thread only encodes rows (COPY text, UTF-8) into 256 KiB buffers; one writer thread per stage
 * streams them to the server, so decoding and validating the next rows overlaps with the server's work. At most
 * {@value #BUFFERS} buffers exist (the caller waits for a free one): the heap never holds the file. An
 * {@linkplain Publisher#incremental(Publisher) incremental} publisher is run on each slice of
 * {@code sliceRows} rows as soon as it is staged (the stage table is then emptied), in line order and still inside the
 * one transaction — so the upsert of slice <i>k</i> runs while slice <i>k+1</i> is read, each sort fits in memory, and
 * only the last slice's publication is left when the file ends (by default the whole file is one slice).
 */
public final class CopyStage implements FileStage {

    private static final Logger LOG = LoggerFactory.getLogger(CopyStage.class);
    private static final int FLUSH_AT = 256 * 1024;
    /** Buffers of COPY text in flight between the caller and the writer thread (about 80 KiB … 320 KiB each). */
    static final int BUFFERS = 48;
    /**
     * Rows per slice of an incremental publisher by default: none — the file is published whole at its end. Measured
     * on the customer index (file-ingest bench, 10M new customers): 1M-row slices took about twice as long to publish
     * as one statement over the whole file, whose keys, sorted once, go into the index in order; slices interleave
     * theirs with those already inserted. A caller may still ask for slices to bound the server's sort.
     */
    public static final long DEFAULT_SLICE_ROWS = Long.MAX_VALUE;

    /** Publishes the staged rows with set-based SQL in the stage's transaction. */
    @FunctionalInterface
    public interface Publisher {
        /**
         * @param connection the stage's connection (auto-commit off; do not commit)
         * @param stageTable the temporary table holding {@code line_no} and one text column per field
         * @param fileName   the data file's name
         */
        void publish(Connection connection, String stageTable, String fileName) throws SQLException;

        /**
         * Whether running this publisher on consecutive slices of the file, in line order, gives the same result as
         * running it once on the whole file (true of an upsert whose rule only compares a row with what is stored,
         * false of a snapshot that withdraws what the file does not mention).
         */
        default boolean incremental() {
            return false;
        }

        /** Marks {@code publisher} as safe to run slice by slice (see {@link #incremental()}). */
        static Publisher incremental(Publisher publisher) {
            return new Publisher() {
                @Override
                public void publish(Connection connection, String stageTable, String fileName) throws SQLException {
                    publisher.publish(connection, stageTable, fileName);
                }

                @Override
                public boolean incremental() {
                    return true;
                }
            };
        }
    }

    /** A buffer of COPY text; {@code len < 0} ends a slice, {@code len == Integer.MIN_VALUE} ends the file. */
    private record Chunk(byte[] bytes, int len) {
    }

    private static final byte[] NONE = new byte[0];

    private final Connection connection;
    private final String table;
    private final String copySql;
    private final String fileName;
    private final Publisher publisher;
    private final long sliceRows;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 2);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Thread writer;
    private volatile Throwable failure;
    private volatile boolean cancelled;
    private volatile CopyIn copy;
    private byte[] buf;
    private int len;
    private int buffers;
    private long rows;
    private long sliceStart;
    private long copiedTotal;
    private long publishNanos;
    private boolean done;

    private CopyStage(Connection connection, String table, String copySql, String fileName, Publisher publisher,
                      long sliceRows) {
        this.connection = connection;
        this.table = table;
        this.copySql = copySql;
        this.fileName = fileName;
        this.publisher = publisher;
        this.sliceRows = publisher.incremental() ? Math.max(1, sliceRows) : Long.MAX_VALUE;
        this.buf = new byte[FLUSH_AT + 64 * 1024];
        this.buffers = 1;
        this.writer = new Thread(this::write, "copy-" + table);
        this.writer.setDaemon(true);
    }

    /** A factory for {@link FileStage}s of one feed on a data source. */
    public static FileStage.Factory factory(DataSource dataSource, Publisher publisher) {
        return (feed, fileName) -> open(dataSource, feed, fileName, publisher);
    }

    public static CopyStage open(DataSource dataSource, CompiledFeed feed, String fileName, Publisher publisher) throws SQLException {
        return open(dataSource, feed, fileName, publisher, DEFAULT_SLICE_ROWS);
    }

    /** As {@link #open(DataSource, CompiledFeed, String, Publisher)} with {@code sliceRows} rows per slice. */
    public static CopyStage open(DataSource dataSource, CompiledFeed feed, String fileName, Publisher publisher,
                                 long sliceRows) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            String table = "stage_" + feed.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
            StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE ").append(table).append(" (line_no BIGINT");
            StringBuilder cols = new StringBuilder("line_no");
            for (String field : feed.fieldNames()) {
                String col = column(field);
                ddl.append(", ").append(col).append(" TEXT");
                cols.append(", ").append(col);
            }
            ddl.append(") ON COMMIT DROP");
            try (Statement s = c.createStatement()) {
                s.execute(ddl.toString());
            }
            CopyStage stage = new CopyStage(c, table, "COPY " + table + " (" + cols + ") FROM STDIN (FORMAT text)",
                    fileName, publisher, sliceRows);
            stage.writer.start();
            return stage;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } finally {
                c.close();
            }
            throw e;
        }
    }

    /** A feed field's column name in the stage table: lower case, non-alphanumerics as '_', quoted. */
    public static String column(String field) {
        return "\"" + field.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "\"";
    }

    @Override
    public void accept(long lineNumber, String[] fields) throws Exception {
        ascii(Long.toString(lineNumber));
        for (String f : fields) {
            put((byte) '\t');
            text(f);
        }
        put((byte) '\n');
        rows++;
        if (len >= FLUSH_AT) {
            hand(false);
        }
        if (rows - sliceStart >= sliceRows) {
            hand(false);
            send(new Chunk(NONE, -1));
            sliceStart = rows;
        }
    }

    @Override
    public void publish() throws Exception {
        long t0 = System.nanoTime();
        hand(true);
        send(new Chunk(NONE, Integer.MIN_VALUE));
        writer.join();
        rethrow();
        if (copiedTotal != rows) {
            throw new SQLException("stage " + table + " for " + fileName + ": copied " + copiedTotal + " rows, staged " + rows);
        }
        long t1 = System.nanoTime();
        connection.commit();
        done = true;
        connection.close();
        LOG.info("stage {} for {}: {} rows; publication {} ms in all, waited {} ms at the end of the file, commit {} ms",
                table, fileName, rows, publishNanos / 1_000_000, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }

    @Override
    public void discard() {
        if (done) {
            return;
        }
        done = true;
        cancelled = true;
        writer.interrupt();
        try {
            writer.join(200);
            if (writer.isAlive()) {
                // Busy in a statement (a slice's publication): cancel it server-side, then wait for the thread.
                connection.unwrap(PGConnection.class).cancelQuery();
                writer.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.debug("stage {}: cancel: {}", table, e.getMessage());
        }
        try {
            if (copy != null && copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            LOG.debug("stage {}: cancel copy: {}", table, e.getMessage());
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("stage {}: rollback: {}", table, e.getMessage());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("stage {}: close: {}", table, e.getMessage());
        }
    }

    public long rows() {
        return rows;
    }

    /** Hands the current buffer to the writer thread (if it holds anything, or always when {@code last}). */
    private void hand(boolean last) throws Exception {
        if (len == 0) {
            return;
        }
        send(new Chunk(buf, len));
        len = 0;
        buf = null;
        if (!last) {
            buf = free.poll();
            if (buf == null && buffers < BUFFERS) {
                buffers++;
                buf = new byte[FLUSH_AT + 64 * 1024];
            }
            while (buf == null) {
                rethrow();
                buf = free.poll(100, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void send(Chunk chunk) throws Exception {
        while (!full.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
            rethrow();
        }
        rethrow();
    }

    private void rethrow() throws Exception {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof Exception e) {
            throw e;
        }
        throw new SQLException("stage " + table + " for " + fileName + ": " + t, t);
    }

    /** The writer thread: COPY each buffer, publish each slice, then the rest at the end of the file. */
    private void write() {
        try {
            while (!cancelled) {
                Chunk chunk = full.take();
                if (chunk.len() >= 0) {
                    if (copy == null) {
                        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
                    }
                    copy.writeToCopy(chunk.bytes(), 0, chunk.len());
                    if (chunk.bytes().length > 0) {
                        free.offer(chunk.bytes());
                    }
                    continue;
                }
                publishSlice();
                if (chunk.len() == Integer.MIN_VALUE) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            if (!cancelled) {
                failure = e;
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void publishSlice() throws SQLException {
        if (copy != null) {
            copiedTotal += copy.endCopy();
            copy = null;
        }
        long t0 = System.nanoTime();
        publisher.publish(connection, table, fileName);
        if (publisher.incremental()) {
            try (Statement s = connection.createStatement()) {
                s.execute("TRUNCATE " + table);
            }
        }
        publishNanos += System.nanoTime() - t0;
        LOG.debug("stage {} for {}: slice published in {} ms", table, fileName, (System.nanoTime() - t0) / 1_000_000);
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
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    static List<String> columns(CompiledFeed feed) {
        return feed.fieldNames().stream().map(CopyStage::column).toList();
    }
}

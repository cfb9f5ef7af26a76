package com.carrier.hub.batchfile.jdbc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FileStage;

/**
 * A {@link CopyStage} for large files whose publication overlaps the reading of the file, on two database backends.
 * The rows are cut into slices of {@code sliceRows}, or of a twentieth of a smaller file as its control file announces
 * it ({@link #expect}); the first one an eighth of that, so the database starts early
 * and go through three steps at once, each on its own core:
 * <ol>
 *   <li>the engine reads slice n+2 (download, decoding, validation: the JVM's work) into a spool file;</li>
 *   <li>the <em>loader</em> connection copies slice n+1 and prepares it (the {@link Publication}'s {@link Preparer}:
 *       typing, de-duplicating, sorting — whatever does not depend on what the earlier slices published) into an
 *       unlogged table {@code hub_slice_<pid>_<n>}, committed on its own;</li>
 *   <li>the file's transaction applies slice n (the {@link Publication}'s publisher) and drops its table.</li>
 * </ol>
 * The file is still published as one unit: only the file's transaction writes the hub's tables, in line order, and
 * nothing is visible until {@link #publish()} commits after the last slice; a quarantined or failed file publishes
 * nothing, exactly as with {@link CopyStage}. The slice tables hold only the file's own rows; they are dropped with the
 * commit, by {@link #discard()}, or — after a crash — by the next stage opened on the database (a table whose
 * {@code <pid>}, the file transaction's backend, is gone).
 * <p>
 * Only for a publisher whose result is the same applied slice by slice in line order as applied to the whole file at
 * once, such as the customer index (per MSISDN the latest update_time wins, a tie goes to the later line); never for a
 * full snapshot that withdraws whatever the file lacks. Slices wait in spool files of COPY text (one per slice, deleted
 * once copied) and at most {@link #PREPARED_AHEAD} prepared slices wait for the transaction, so the heap holds about
 * one row however far the database falls behind the reading. An applied slice's table is dropped in the transaction:
 * its disk space returns at the commit (about the file's size, uncompressed, at the end of a large file).
 */
public final class PipelinedCopyStage implements FileStage {

    /** Rows per slice: small enough that the last, unoverlapped slice is short, large enough to amortise a statement. */
    public static final int DEFAULT_SLICE_ROWS = 500_000;

    /**
     * Slices a file is cut into when its control file announces its rows ({@link #expect}): a file of fewer than
     * {@code SLICES × sliceRows} rows gets slices of a {@code SLICES}th of it, so the pipeline fills as early and
     * drains as quickly, in proportion, as for a large file, and the last slice, the one not overlapped by the
     * reading, stays a twentieth of the file.
     */
    static final int SLICES = 20;

    /** The smallest slice sized to a file: below it a slice's fixed cost (tables, commit) outweighs its rows. */
    static final int MIN_SLICE_ROWS = 10_000;

    /** Prepared slices that may wait for the file's transaction. */
    static final int PREPARED_AHEAD = 2;

    /** Name prefix of the prepared slice tables: {@code hub_slice_<file transaction's backend pid>_<slice>}. */
    static final String SLICE_TABLE_PREFIX = "hub_slice_";

    /** Turns a copied slice into the table the publisher applies; runs on the loader connection, in its transaction. */
    @FunctionalInterface
    public interface Preparer {
        /**
         * @param loader   the loader connection (auto-commit off; committed by the stage)
         * @param copied   the temporary table holding the slice: {@code line_no} and one text column per field
         * @param prepared the table to create (unlogged, in the current schema) for the publisher to read
         */
        void prepare(Connection loader, String copied, String prepared) throws SQLException;
    }

    /**
     * How a pipelined stage publishes a slice: {@code preparer} on the loader connection as soon as the slice is
     * copied, {@code publisher} in the file's transaction with the prepared table in place of a stage table.
     */
    public record Publication(Preparer preparer, CopyStage.Publisher publisher) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PipelinedCopyStage.class);
    private static final int FLUSH_AT = 256 * 1024;
    private static final Slice END = new Slice(null, 0, 0);
    private static final Slice ABORT = new Slice(null, -1, -1);
    private static final Prepared PREPARED_END = new Prepared(null);
    private static final Prepared PREPARED_ABORT = new Prepared(null);

    /** One slice's rows in COPY text, waiting in {@code file}. */
    private record Slice(Path file, int index, long rows) {
    }

    /** One prepared slice, committed in {@code table}. */
    private record Prepared(String table) {
    }

    private final Connection connection;
    private final Connection loader;
    private final CompiledFeed feed;
    private final String fileName;
    private final Publication publication;
    /** The largest slice (the factory's); {@link #sliceRows} may be smaller for a small file. */
    private final int maxSliceRows;
    private int sliceRows;
    private final Path spool;
    private final String tablePrefix;
    private final CopyText text = new CopyText(FLUSH_AT + 64 * 1024);
    private final BlockingQueue<Slice> slices = new LinkedBlockingQueue<>();
    private final BlockingQueue<Prepared> prepared = new ArrayBlockingQueue<>(PREPARED_AHEAD);
    /** Prepared tables created and not yet dropped by a commit. */
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final Thread loading;
    private final Thread applying;
    private volatile Throwable failure;
    private volatile boolean aborted;
    private OutputStream out;
    private Path outFile;
    private long outRows;
    private long rows;
    private int sliceCount;
    private long loadNanos;
    private long applyNanos;
    private boolean done;

    private PipelinedCopyStage(Connection connection, Connection loader, CompiledFeed feed, String fileName,
                               Publication publication, int sliceRows, Path spool, String tablePrefix) {
        this.connection = connection;
        this.loader = loader;
        this.feed = feed;
        this.fileName = fileName;
        this.publication = publication;
        this.maxSliceRows = sliceRows;
        this.sliceRows = sliceRows;
        this.spool = spool;
        this.tablePrefix = tablePrefix;
        this.loading = new Thread(this::load, "stage-load-" + feed.name());
        this.applying = new Thread(this::apply, "stage-apply-" + feed.name());
        this.loading.setDaemon(true);
        this.applying.setDaemon(true);
    }

    /** A factory for stages of one feed, slices of at most {@code sliceRows} (fewer for a small file: {@link #expect}). */
    public static FileStage.Factory factory(DataSource dataSource, Publication publication, int sliceRows) {
        return (feed, fileName) -> open(dataSource, feed, fileName, publication, sliceRows);
    }

    public static PipelinedCopyStage open(DataSource dataSource, CompiledFeed feed, String fileName,
                                          Publication publication, int sliceRows) throws SQLException, IOException {
        if (sliceRows < 1) {
            throw new IllegalArgumentException("sliceRows must be at least 1, was " + sliceRows);
        }
        Connection c = dataSource.getConnection();
        Connection loader = null;
        try {
            loader = dataSource.getConnection();
            dropOrphans(loader);
            loader.setAutoCommit(false);
            c.setAutoCommit(false);
            String prefix;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                prefix = SLICE_TABLE_PREFIX + rs.getInt(1) + "_";
            }
            Path spool = Files.createTempDirectory("hub-stage-" + feed.name() + "-");
            PipelinedCopyStage stage = new PipelinedCopyStage(c, loader, feed, fileName, publication, sliceRows, spool, prefix);
            stage.loading.start();
            stage.applying.start();
            return stage;
        } catch (SQLException | IOException | RuntimeException e) {
            CopyStage.rollbackAndClose(c, "for " + fileName);
            if (loader != null) {
                CopyStage.rollbackAndClose(loader, "loader for " + fileName);
            }
            throw e;
        }
    }

    /**
     * Sizes the slices to the file before its first row: a {@link #SLICES}th of the announced rows, at least
     * {@link #MIN_SLICE_ROWS}, at most the factory's {@code sliceRows}. A control file that lies only makes the
     * slices a poor fit (the file is quarantined anyway).
     */
    @Override
    public void expect(long rows) {
        if (this.rows == 0) {
            sliceRows = sliceRowsFor(rows, maxSliceRows);
        }
    }

    /** Rows per slice for a file announcing {@code rows}: see {@link #expect}. */
    static int sliceRowsFor(long rows, int maxSliceRows) {
        long fitted = Math.max(MIN_SLICE_ROWS, (Math.max(0, rows) + SLICES - 1) / SLICES);
        return (int) Math.min(maxSliceRows, fitted);
    }

    /** Rows per slice after the first (the first is an eighth): the factory's, or fewer for a small file. */
    public int sliceRows() {
        return sliceRows;
    }

    @Override
    public void accept(long lineNumber, String[] fields) throws Exception {
        text.row(lineNumber, fields);
        rows++;
        outRows++;
        if (text.length() >= FLUSH_AT) {
            spill();
        }
        if (outRows == (sliceCount == 0 ? firstSliceRows() : sliceRows)) {
            endSlice();
        }
    }

    /** The first slice is an eighth of the others, so the database starts applying as early as it can. */
    private int firstSliceRows() {
        return Math.max(1, sliceRows / 8);
    }

    @Override
    public void publish() throws Exception {
        long t0 = System.nanoTime();
        endSlice();
        slices.add(END);
        loading.join();
        applying.join();
        if (failure != null) {
            throw failed();
        }
        long t1 = System.nanoTime();
        connection.commit();
        created.clear(); // dropped by the transaction that just committed
        LOG.info("stage for {}: {} rows in {} slices of {}; copy + prepare {} ms, apply {} ms (overlapping the reading), "
                        + "waited {} ms for the last slice, commit {} ms", fileName, rows, sliceCount, sliceRows, loadNanos / 1_000_000,
                applyNanos / 1_000_000, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        done = true;
        CopyStage.rollbackAndClose(loader, "loader for " + fileName);
        connection.close();
        deleteSpool();
    }

    @Override
    public void discard() {
        if (done) {
            return;
        }
        done = true;
        aborted = true;
        slices.add(ABORT);
        try {
            closeOut();
            loading.join();
            applying.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("stage for {}: closing the spool: {}", fileName, e.getMessage());
        }
        CopyStage.rollbackAndClose(connection, "for " + fileName);
        dropCreated();
        CopyStage.rollbackAndClose(loader, "loader for " + fileName);
        deleteSpool();
    }

    public long rows() {
        return rows;
    }

    /** Slices handed to the loader so far. */
    public int slices() {
        return sliceCount;
    }

    /** Writes the encoded rows to the current slice's spool file. */
    private void spill() throws IOException {
        if (out == null) {
            outFile = spool.resolve("slice-" + (sliceCount + 1) + ".copy");
            out = Files.newOutputStream(outFile);
        }
        out.write(text.bytes(), 0, text.length());
        text.clear();
    }

    /** Hands the current slice to the loader; stops the reading at once if the database has failed. */
    private void endSlice() throws Exception {
        if (failure != null) {
            throw failed();
        }
        if (outRows == 0) {
            return;
        }
        spill();
        closeOut();
        sliceCount++;
        slices.add(new Slice(outFile, sliceCount, outRows));
        outRows = 0;
    }

    private void closeOut() throws IOException {
        if (out != null) {
            OutputStream closing = out;
            out = null;
            closing.close();
        }
    }

    /** The loader: copies each slice into a temporary table and prepares it into a committed slice table, in order. */
    private void load() {
        Prepared last = PREPARED_END;
        try {
            CopyManager copy = loader.unwrap(PGConnection.class).getCopyAPI();
            for (Slice s = slices.take(); s != END; s = slices.take()) {
                if (s == ABORT || failure != null) {
                    last = PREPARED_ABORT;
                    return;
                }
                long t0 = System.nanoTime();
                String copied = CopyStage.createTable(loader, feed); // ON COMMIT DROP: gone with this slice's commit
                long count;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(s.file()), 1 << 20)) {
                    count = copy.copyIn(CopyStage.copySql(copied, feed), in, 1 << 20);
                }
                if (count != s.rows()) {
                    throw new SQLException("stage for " + fileName + ": copied " + count + " rows of a slice of " + s.rows());
                }
                String table = tablePrefix + s.index();
                created.add(table);
                publication.preparer().prepare(loader, copied, table);
                loader.commit();
                Files.delete(s.file());
                loadNanos += System.nanoTime() - t0;
                if (!hand(new Prepared(table))) {
                    last = PREPARED_ABORT;
                    return;
                }
            }
        } catch (InterruptedException e) {
            failure = e;
            last = PREPARED_ABORT;
        } catch (Throwable t) {
            failure = t;
            last = PREPARED_ABORT;
            LOG.debug("stage for {}: loader: {}", fileName, t.toString());
        } finally {
            try {
                hand(last);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for room for a prepared slice; false when the stage has failed or is discarded meanwhile. */
    private boolean hand(Prepared p) throws InterruptedException {
        while (!prepared.offer(p, 100, TimeUnit.MILLISECONDS)) {
            if (p.table() != null && (failure != null || aborted)) {
                return false;
            }
            if (p.table() == null && !applying.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** The file's transaction: applies each prepared slice in order and drops its table (for good at the commit). */
    private void apply() {
        try {
            for (Prepared p = prepared.take(); p != PREPARED_END; p = prepared.take()) {
                if (p == PREPARED_ABORT) {
                    return;
                }
                long t0 = System.nanoTime();
                publication.publisher().publish(connection, p.table(), fileName);
                try (Statement st = connection.createStatement()) {
                    st.execute("DROP TABLE " + p.table());
                }
                applyNanos += System.nanoTime() - t0;
            }
        } catch (InterruptedException e) {
            failure = e;
        } catch (Throwable t) {
            failure = t;
            LOG.debug("stage for {}: apply: {}", fileName, t.toString());
        }
    }

    /** After a rollback: drops the slice tables this stage created (what a broken connection leaves, the next sweeps). */
    private void dropCreated() {
        if (created.isEmpty()) {
            return;
        }
        try {
            loader.rollback();
            loader.setAutoCommit(true);
            try (Statement s = loader.createStatement()) {
                for (String table : created) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            }
            created.clear();
        } catch (SQLException e) {
            LOG.warn("stage for {}: slice tables {} left for the next stage to drop: {}", fileName, created, e.getMessage());
        }
    }

    /**
     * Drops slice tables left by stages whose file transaction's backend is gone (a hub that crashed mid-file); a live
     * stage's tables carry the pid of a backend that is still connected and are left alone.
     */
    static void dropOrphans(Connection c) throws SQLException {
        List<String> orphans = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT t.relname FROM pg_class t
                 WHERE t.relkind = 'r' AND t.relnamespace = current_schema()::regnamespace
                   AND t.relname ~ '^%s[0-9]+_[0-9]+$'
                   AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = split_part(t.relname, '_', 3)::int)"""
                .formatted(SLICE_TABLE_PREFIX))) {
            while (rs.next()) {
                orphans.add(rs.getString(1));
            }
        }
        for (String table : orphans) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
                LOG.info("dropped the slice table {} of a stage that stopped mid-file", table);
            }
        }
    }

    private Exception failed() {
        return failure instanceof Exception e ? e : new SQLException("stage for " + fileName + " failed", failure);
    }

    private void deleteSpool() {
        try (var paths = Files.walk(spool)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("stage for {}: could not remove the spool {}: {}", fileName, spool, e.getMessage());
        }
    }
}

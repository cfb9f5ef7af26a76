package com.carrier.hub.batchfile.jdbc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FileStage;

/**
 * A {@link CopyStage} for large files whose publication overlaps the reading of the file. The rows are cut into slices
 * of {@code sliceRows}: while the engine reads slice n+1 (download, decoding, validation: the JVM's work), the database
 * copies and publishes slice n (the database's work), so the two run on different cores instead of one after the other.
 * It is still one transaction on one connection: the publisher runs once per slice, in line order, on the same
 * temporary staging table (emptied between slices), and nothing is visible to anyone until {@link #publish()} commits
 * after the last slice; a quarantined or failed file publishes nothing, exactly as with {@link CopyStage}.
 * <p>
 * Only for a publisher whose result is the same applied slice by slice in line order as applied to the whole file at
 * once, such as the customer index (per MSISDN the latest update_time wins, a tie goes to the later line); never for a
 * full snapshot that withdraws whatever the file lacks. Slices wait in spool files of COPY text (one per slice, deleted
 * once copied), so the heap holds about one row however far the database falls behind.
 */
public final class PipelinedCopyStage implements FileStage {

    /** Rows per slice: small enough that the last, unoverlapped slice is short, large enough to amortise a statement. */
    public static final int DEFAULT_SLICE_ROWS = 500_000;

    private static final Logger LOG = LoggerFactory.getLogger(PipelinedCopyStage.class);
    private static final int FLUSH_AT = 256 * 1024;
    private static final Slice END = new Slice(null, 0);
    private static final Slice ABORT = new Slice(null, -1);

    /** One slice's rows in COPY text, waiting in {@code file}. */
    private record Slice(Path file, long rows) {
    }

    private final Connection connection;
    private final String table;
    private final String copySql;
    private final String fileName;
    private final CopyStage.Publisher publisher;
    private final int sliceRows;
    private final Path spool;
    private final CopyText text = new CopyText(FLUSH_AT + 64 * 1024);
    private final BlockingQueue<Slice> slices = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile Throwable failure;
    private OutputStream out;
    private Path outFile;
    private long outRows;
    private long rows;
    private int sliceCount;
    private long copyNanos;
    private long publishNanos;
    private boolean done;

    private PipelinedCopyStage(Connection connection, String table, String copySql, String fileName,
                               CopyStage.Publisher publisher, int sliceRows, Path spool) {
        this.connection = connection;
        this.table = table;
        this.copySql = copySql;
        this.fileName = fileName;
        this.publisher = publisher;
        this.sliceRows = sliceRows;
        this.spool = spool;
        this.worker = new Thread(this::work, "stage-" + table);
        this.worker.setDaemon(true);
    }

    /** A factory for stages of one feed, slices of {@code sliceRows}. */
    public static FileStage.Factory factory(DataSource dataSource, CopyStage.Publisher publisher, int sliceRows) {
        return (feed, fileName) -> open(dataSource, feed, fileName, publisher, sliceRows);
    }

    public static PipelinedCopyStage open(DataSource dataSource, CompiledFeed feed, String fileName,
                                          CopyStage.Publisher publisher, int sliceRows) throws SQLException, IOException {
        if (sliceRows < 1) {
            throw new IllegalArgumentException("sliceRows must be at least 1, was " + sliceRows);
        }
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            String table = CopyStage.createTable(c, feed);
            Path spool = Files.createTempDirectory("hub-stage-" + feed.name() + "-");
            PipelinedCopyStage stage = new PipelinedCopyStage(c, table, CopyStage.copySql(table, feed), fileName, publisher,
                    sliceRows, spool);
            stage.worker.start();
            return stage;
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                c.rollback();
            } finally {
                c.close();
            }
            throw e;
        }
    }

    @Override
    public void accept(long lineNumber, String[] fields) throws Exception {
        text.row(lineNumber, fields);
        rows++;
        outRows++;
        if (text.length() >= FLUSH_AT) {
            spill();
        }
        if (outRows == sliceRows) {
            endSlice();
        }
    }

    @Override
    public void publish() throws Exception {
        long t0 = System.nanoTime();
        endSlice();
        slices.add(END);
        worker.join();
        if (failure != null) {
            throw failed();
        }
        long t1 = System.nanoTime();
        connection.commit();
        LOG.info("stage {} for {}: {} rows in {} slices; COPY {} ms, publication {} ms (overlapping the reading), "
                        + "waited {} ms for the last slice, commit {} ms", table, fileName, rows, sliceCount,
                copyNanos / 1_000_000, publishNanos / 1_000_000, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        done = true;
        connection.close();
        deleteSpool();
    }

    @Override
    public void discard() {
        if (done) {
            return;
        }
        done = true;
        slices.add(ABORT);
        try {
            closeOut();
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("stage {}: closing the spool: {}", table, e.getMessage());
        }
        CopyStage.rollbackAndClose(connection, table);
        deleteSpool();
    }

    public long rows() {
        return rows;
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

    /** Hands the current slice to the database; stops the reading at once if the database has failed. */
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
        slices.add(new Slice(outFile, outRows));
        outRows = 0;
    }

    private void closeOut() throws IOException {
        if (out != null) {
            OutputStream closing = out;
            out = null;
            closing.close();
        }
    }

    /** The database side: copies and publishes each slice in order, in the stage's transaction. */
    private void work() {
        try {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (Slice s = slices.take(); s != END && s != ABORT; s = slices.take()) {
                long t0 = System.nanoTime();
                long copied;
                try (InputStream in = new BufferedInputStream(Files.newInputStream(s.file()), 1 << 20)) {
                    copied = copy.copyIn(copySql, in, 1 << 20);
                }
                Files.delete(s.file());
                if (copied != s.rows()) {
                    throw new SQLException("stage " + table + " for " + fileName + ": copied " + copied + " rows of a slice of "
                            + s.rows());
                }
                long t1 = System.nanoTime();
                publisher.publish(connection, table, fileName);
                try (Statement st = connection.createStatement()) {
                    st.execute("TRUNCATE " + table);
                }
                copyNanos += t1 - t0;
                publishNanos += System.nanoTime() - t1;
            }
        } catch (InterruptedException e) {
            failure = e;
        } catch (Throwable t) {
            failure = t;
            LOG.debug("stage {} for {}: {}", table, fileName, t.toString());
        }
    }

    private Exception failed() {
        return failure instanceof Exception e ? e : new SQLException("stage " + table + " for " + fileName + " failed", failure);
    }

    private void deleteSpool() {
        try (var paths = Files.walk(spool)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("stage {}: could not remove the spool {}: {}", table, spool, e.getMessage());
        }
    }
}

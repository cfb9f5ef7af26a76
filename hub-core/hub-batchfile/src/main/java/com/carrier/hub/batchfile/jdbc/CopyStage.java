package com.carrier.hub.batchfile.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

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
 * database failure in the middle leaves nothing behind. Rows are streamed to the server in 256 KiB chunks: the heap
 * never holds the file.
 */
public final class CopyStage implements FileStage {

    private static final Logger LOG = LoggerFactory.getLogger(CopyStage.class);
    private static final int FLUSH_AT = 256 * 1024;

    /** Publishes the staged rows with set-based SQL in the stage's transaction. */
    @FunctionalInterface
    public interface Publisher {
        /**
         * @param connection the stage's connection (auto-commit off; do not commit)
         * @param stageTable the temporary table holding {@code line_no} and one text column per field
         * @param fileName   the data file's name
         */
        void publish(Connection connection, String stageTable, String fileName) throws SQLException;
    }

    private final Connection connection;
    private final CopyIn copy;
    private final String table;
    private final String fileName;
    private final Publisher publisher;
    private final CopyText text = new CopyText(FLUSH_AT + 64 * 1024);
    private long rows;
    private boolean done;

    private CopyStage(Connection connection, String table, CopyIn copy, String fileName, Publisher publisher) {
        this.connection = connection;
        this.table = table;
        this.copy = copy;
        this.fileName = fileName;
        this.publisher = publisher;
    }

    /** A factory for {@link FileStage}s of one feed on a data source. */
    public static FileStage.Factory factory(DataSource dataSource, Publisher publisher) {
        return (feed, fileName) -> open(dataSource, feed, fileName, publisher);
    }

    public static CopyStage open(DataSource dataSource, CompiledFeed feed, String fileName, Publisher publisher) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            String table = createTable(c, feed);
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(copySql(table, feed));
            return new CopyStage(c, table, copy, fileName, publisher);
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } finally {
                c.close();
            }
            throw e;
        }
    }

    /**
     * Creates the file's staging table in the connection's transaction: temporary, dropped at commit, {@code line_no}
     * and one text column per feed field.
     */
    static String createTable(Connection c, CompiledFeed feed) throws SQLException {
        String table = "stage_" + feed.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        StringBuilder ddl = new StringBuilder("CREATE TEMP TABLE ").append(table).append(" (line_no BIGINT");
        for (String field : feed.fieldNames()) {
            ddl.append(", ").append(column(field)).append(" TEXT");
        }
        ddl.append(") ON COMMIT DROP");
        try (Statement s = c.createStatement()) {
            s.execute(ddl.toString());
        }
        return table;
    }

    /** The COPY statement that fills a staging table of the feed. */
    static String copySql(String table, CompiledFeed feed) {
        return "COPY " + table + " (line_no, " + String.join(", ", columns(feed)) + ") FROM STDIN (FORMAT text)";
    }

    /** A feed field's column name in the stage table: lower case, non-alphanumerics as '_', quoted. */
    public static String column(String field) {
        return "\"" + field.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "\"";
    }

    @Override
    public void accept(long lineNumber, String[] fields) throws SQLException {
        text.row(lineNumber, fields);
        rows++;
        if (text.length() >= FLUSH_AT) {
            flush();
        }
    }

    @Override
    public void publish() throws SQLException {
        long t0 = System.nanoTime();
        flush();
        long copied = copy.endCopy();
        if (copied != rows) {
            throw new SQLException("stage " + table + " for " + fileName + ": copied " + copied + " rows, staged " + rows);
        }
        long t1 = System.nanoTime();
        publisher.publish(connection, table, fileName);
        long t2 = System.nanoTime();
        connection.commit();
        LOG.info("stage {} for {}: {} rows; end of COPY {} ms, publication {} ms, commit {} ms", table, fileName, rows,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
        done = true;
        connection.close();
    }

    @Override
    public void discard() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            LOG.debug("stage {}: cancel copy: {}", table, e.getMessage());
        }
        rollbackAndClose(connection, table);
    }

    /** Ends a stage's transaction without publishing: rolls back and closes; a broken connection is only logged. */
    static void rollbackAndClose(Connection connection, String table) {
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

    private void flush() throws SQLException {
        if (text.length() > 0) {
            copy.writeToCopy(text.bytes(), 0, text.length());
            text.clear();
        }
    }

    static List<String> columns(CompiledFeed feed) {
        return feed.fieldNames().stream().map(CopyStage::column).toList();
    }
}

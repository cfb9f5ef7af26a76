package com.carrier.hub.batchfile.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.FileStage;
import com.carrier.hub.batchfile.InMemoryFileLedger;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.simulators.EmbeddedDatabase;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.files.GeneratedFile;

/**
 * COPY staging, slicing and the stage's transaction on a real PostgreSQL, for both stages: the whole file published at
 * the end ({@link CopyStage}) and slices published while the file is read ({@link PipelinedCopyStage}, slices of a few
 * rows here so that the rows of one MSISDN fall in different slices). The publisher is the engine's own minimal one,
 * {@link #LATEST_LINE}: per MSISDN the file's last line, in a table of its own; the hub's tables and their rules are
 * the ingest's (hub-runtime, {@code BossTablePublishersIT}).
 */
class CopyStageIT {

    enum Staging {
        WHOLE, SLICED
    }

    static final Charset GBK = Charset.forName("GBK");

    /** Per MSISDN of the stage table ({@code %s}) its last line: the same applied slice by slice in line order. */
    static final String LAST_LINES = "SELECT DISTINCT ON (msisdn) msisdn, line_no, op, cust_name, update_time FROM %s"
            + " ORDER BY msisdn, line_no DESC";

    /** Upserts the rows of a query ({@code %s}) into {@code latest_line}: a later one replaces what a key holds. */
    static final String UPSERT_LATEST = "INSERT INTO latest_line (msisdn, line_no, op, cust_name, update_time) %s"
            + " ON CONFLICT (msisdn) DO UPDATE SET line_no = EXCLUDED.line_no, op = EXCLUDED.op,"
            + " cust_name = EXCLUDED.cust_name, update_time = EXCLUDED.update_time";

    /** The engine tests' publisher of a whole file. */
    static final CopyStage.Publisher LATEST_LINE = (c, stage, file) -> execute(c,
            UPSERT_LATEST.formatted(LAST_LINES.formatted(stage)));

    /** The same, slice by slice: each slice's last lines prepared on the loader, upserted in the file's transaction. */
    static final PipelinedCopyStage.Publication LATEST_LINE_SLICES = new PipelinedCopyStage.Publication(
            (c, copied, prepared) -> execute(c, "CREATE UNLOGGED TABLE " + prepared + " AS " + LAST_LINES.formatted(copied)),
            (c, prepared, file) -> execute(c, UPSERT_LATEST.formatted(
                    "SELECT msisdn, line_no, op, cust_name, update_time FROM " + prepared)));

    @TempDir
    Path dir;

    PGSimpleDataSource ds;
    final InMemoryFileLedger ledger = new InMemoryFileLedger();
    final BatchFileEngine engine = new BatchFileEngine(ledger);
    final CompiledFeed feed = StandardFeeds.customerDelta().compile();

    @BeforeEach
    void database() throws SQLException {
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("batchfile");
        ds = new PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(db.username());
        ds.setPassword(db.password());
        sql("CREATE TABLE latest_line (msisdn TEXT PRIMARY KEY, line_no BIGINT NOT NULL, op TEXT,"
                + " cust_name TEXT, update_time TEXT)");
    }

    FileResult ingest(GeneratedFile f, FileStage.Factory stages) throws Exception {
        String name = f.data().getFileName().toString();
        byte[] chk = Files.readAllBytes(f.control());
        assertThat(engine.precheck(feed, name, chk, java.time.Instant.now())).isEmpty();
        try (var in = Files.newInputStream(f.data()); FileStage stage = stages.open(feed, name)) {
            return engine.ingest(feed, name, in, chk, stage, new ByteArrayOutputStream());
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    FileStage.Factory latestLine() {
        return CopyStage.factory(ds, LATEST_LINE);
    }

    FileStage.Factory latestLine(Staging staging, int sliceRows) {
        return staging == Staging.WHOLE ? latestLine()
                : PipelinedCopyStage.factory(ds, LATEST_LINE_SLICES, sliceRows);
    }

    @ParameterizedTest
    @EnumSource(Staging.class)
    void aQuarantinedFilePublishesNothing(Staging staging) throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(1000)
                .bad(CustomerDeltaGenerator.BadRow.BAD_MSISDN, 50).write(dir, "CUST_DELTA_20261122_0003.dat");

        FileResult r = ingest(f, latestLine(staging, 100));

        assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(query("SELECT count(*) FROM latest_line")).isEqualTo("0");
        assertThat(sliceTables()).as("slice tables dropped when the stage is discarded").isZero();
    }

    @ParameterizedTest
    @EnumSource(Staging.class)
    void theDatabaseGoingDownMidFilePublishesNothingAndTheRetryPublishesAll(Staging staging) throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(30_000).write(dir, "CUST_DELTA_20261122_0004.dat");
        AtomicInteger seen = new AtomicInteger();
        FileStage.Factory stages = latestLine(staging, 4_000);
        FileStage.Factory killing = (feed, name) -> {
            FileStage inner = stages.open(feed, name);
            return new FileStage() {
                @Override
                public void accept(long line, String[] fields) throws Exception {
                    if (seen.incrementAndGet() == 10_000) {
                        if (staging == Staging.SLICED) {
                            // the loader works beside the reading: let it commit a slice table first, however slow
                            // the machine, so that the kill leaves orphans for the retry to sweep
                            awaitSliceTable();
                        }
                        // the stage's backend, whatever it is doing: copying, publishing a slice or waiting for one
                        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND pid <> pg_backend_pid()");
                    }
                    inner.accept(line, fields);
                }

                @Override
                public void publish() throws Exception {
                    inner.publish();
                }

                @Override
                public void discard() {
                    inner.discard();
                }
            };
        };

        assertThatThrownBy(() -> ingest(f, killing)).isInstanceOf(SQLException.class);
        assertThat(query("SELECT count(*) FROM latest_line")).isEqualTo("0");
        assertThat(ledger.results()).last().extracting(FileResult::outcome).isEqualTo(Outcome.FAILED);
        if (staging == Staging.SLICED) {
            // the loader had committed a slice table before the kill, and the dead connections could not drop it
            assertThat(sliceTables()).isPositive();
        }

        FileResult retried = ingest(f, latestLine(staging, 4_000));
        assertThat(retried.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(Long.parseLong(query("SELECT count(*) FROM latest_line"))).isPositive()
                .isEqualTo(Long.parseLong(query("SELECT count(DISTINCT msisdn) FROM latest_line")));
        assertThat(sliceTables()).as("the retry's stage swept the orphans of the killed one").isZero();
    }

    void awaitSliceTable() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sliceTables() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the loader committed no slice table within 60 s");
            }
            Thread.sleep(20);
        }
    }

    long sliceTables() throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM pg_class WHERE relname LIKE 'hub\\_slice\\_%'"));
    }

    @Test
    void slicesPublishTheSameAsTheWholeFile() throws Exception {
        // 3000 lines over 200 MSISDNs in random order, slices of 7: per MSISDN the last line wins whichever slice holds it
        SplittableRandom random = new SplittableRandom(7);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String msisdn = "1380000" + String.format("%04d", random.nextInt(200));
            String op = random.nextInt(10) == 0 ? "D" : random.nextBoolean() ? "A" : "U";
            rows.add(row(op, msisdn, "客户" + i, String.valueOf(1 + random.nextInt(3)),
                    "202611220" + random.nextInt(10) + "0000"));
        }
        ingest(FeedFiles.write(dir, "CUST_DELTA_20261122_0007.dat", GBK, rows), latestLine(Staging.WHOLE, 0));
        String whole = digest();
        sql("TRUNCATE latest_line");

        ingest(FeedFiles.write(dir, "CUST_DELTA_20261122_0008.dat", GBK, rows), latestLine(Staging.SLICED, 7));

        assertThat(query("SELECT count(*) FROM latest_line")).isEqualTo("200");
        assertThat(digest()).isEqualTo(whole);
    }

    @Test
    void aSmallFileIsCutIntoSlicesSizedToItsControlFile() throws Exception {
        // 30,000 rows against the runtime's 500,000-row slices: as one slice the whole file would wait for the end of
        // the reading; sized to the file it goes in slices of 10,000 (the floor), the first an eighth of that
        ingest(new CustomerDeltaGenerator().rows(30_000).write(dir, "CUST_DELTA_20261122_0009.dat"),
                latestLine(Staging.WHOLE, 0));
        String whole = digest();
        sql("TRUNCATE latest_line");
        AtomicReference<PipelinedCopyStage> opened = new AtomicReference<>();
        FileStage.Factory sliced = PipelinedCopyStage.factory(ds, LATEST_LINE_SLICES,
                PipelinedCopyStage.DEFAULT_SLICE_ROWS);

        GeneratedFile f = new CustomerDeltaGenerator().rows(30_000).write(dir, "CUST_DELTA_20261122_0010.dat");
        FileResult r = ingest(f, (feed, name) -> {
            PipelinedCopyStage stage = (PipelinedCopyStage) sliced.open(feed, name);
            opened.set(stage);
            return new ExportingStage(stage, feed, StandardFeeds.customerOut().compile(),
                    Files.createDirectories(dir.resolve("out")), "CUSTOMER_20261122_0010.dat");
        });

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(opened.get().sliceRows()).as("told through the exporting stage").isEqualTo(10_000);
        assertThat(opened.get().slices()).isEqualTo(4); // 1,250 + 10,000 + 10,000 + 8,750
        assertThat(digest()).isEqualTo(whole);
        assertThat(sliceTables()).isZero();
    }

    String digest() throws SQLException {
        return query("SELECT md5(string_agg(c::text, '|' ORDER BY msisdn)) FROM latest_line c");
    }

    @Test
    void theCustomerFeedForTheWarehouseIsWrittenOnlyWhenPublished() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        CompiledFeed export = StandardFeeds.customerOut().compile();
        GeneratedFile f = new CustomerDeltaGenerator().rows(200).write(dir, "CUST_DELTA_20261122_0005.dat");

        ingest(f, (feed, name) -> new ExportingStage(CopyStage.open(ds, feed, name, LATEST_LINE),
                feed, export, out, "CUSTOMER_20261122_0005.dat"));

        assertThat(out.resolve("CUSTOMER_20261122_0005.chk")).exists();
        byte[] chk = Files.readAllBytes(out.resolve("CUSTOMER_20261122_0005.chk"));
        FileResult back = new BatchFileEngine(new InMemoryFileLedger()).ingest(export, "CUSTOMER_20261122_0005.dat",
                new ByteArrayInputStream(Files.readAllBytes(out.resolve("CUSTOMER_20261122_0005.dat"))), chk,
                new FileStage() {
                    public void accept(long l, String[] x) {
                    }

                    public void publish() {
                    }

                    public void discard() {
                    }
                }, new ByteArrayOutputStream());
        assertThat(back.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(back.rowsAccepted()).isEqualTo(200);

        GeneratedFile bad = new CustomerDeltaGenerator().rows(100).bad(CustomerDeltaGenerator.BadRow.UNKNOWN_OP, 10)
                .write(dir, "CUST_DELTA_20261122_0006.dat");
        ingest(bad, (feed, name) -> new ExportingStage(CopyStage.open(ds, feed, name, LATEST_LINE),
                feed, export, out, "CUSTOMER_20261122_0006.dat"));
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("CUSTOMER_20261122_0006"));
        }
    }

    static String row(String op, String msisdn, String name, String status, String updateTime) {
        return String.join("|", op, msisdn, "C" + msisdn, name, "GOTONE", "591", "P1", status, "HUAWEI Mate60",
                "20200101", "1000", "1", updateTime);
    }

    void sql(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    String query(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

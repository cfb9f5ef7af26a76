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
 * COPY staging and the customer-index publication on a real PostgreSQL, for both stages: the whole file published at the
 * end ({@link CopyStage}) and slices published while the file is read ({@link PipelinedCopyStage}, slices of a few rows
 * here so that the rows of one MSISDN fall in different slices).
 */
class CopyStageIT {

    enum Staging {
        WHOLE, SLICED
    }

    static final Charset GBK = Charset.forName("GBK");

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
        sql("""
                CREATE TABLE customer (
                    msisdn TEXT PRIMARY KEY, cust_id TEXT NOT NULL, cust_name TEXT, brand TEXT NOT NULL,
                    city_code TEXT NOT NULL, plan_id TEXT, status SMALLINT NOT NULL, handset_model TEXT, open_date DATE,
                    arpu_3m_fen BIGINT, customer_class SMALLINT NOT NULL, update_time TIMESTAMPTZ NOT NULL,
                    deleted BOOLEAN NOT NULL DEFAULT false)""");
    }

    FileResult ingest(GeneratedFile f, FileStage.Factory stages) throws Exception {
        String name = f.data().getFileName().toString();
        byte[] chk = Files.readAllBytes(f.control());
        assertThat(engine.precheck(feed, name, chk, java.time.Instant.now())).isEmpty();
        try (var in = Files.newInputStream(f.data()); FileStage stage = stages.open(feed, name)) {
            return engine.ingest(feed, name, in, chk, stage, new ByteArrayOutputStream());
        }
    }

    FileStage.Factory customerIndex() {
        return CopyStage.factory(ds, BossTablePublishers.customerIndex());
    }

    FileStage.Factory customerIndex(Staging staging, int sliceRows) {
        return staging == Staging.WHOLE ? customerIndex()
                : PipelinedCopyStage.factory(ds, BossTablePublishers.customerIndexSlices(), sliceRows);
    }

    @ParameterizedTest
    @EnumSource(Staging.class)
    void rowsOfOneMsisdnApplyInOrderAndOlderRowsNeverOverwrite(Staging staging) throws Exception {
        ingest(FeedFiles.write(dir, "CUST_DELTA_20261122_0001.dat", GBK, List.of(
                row("A", "13800000001", "王小明", "1", "20261122080000"),
                row("U", "13800000001", "王小明", "2", "20261122090000"),
                row("U", "13800000001", "王小明", "3", "20261122070000"),  // older than the row before: ignored
                row("A", "13800000002", "李纜", "1", "20261122080000"),
                row("D", "13800000003", "", "1", "20261122080000"))), customerIndex(staging, 2));

        assertThat(query("SELECT status FROM customer WHERE msisdn = '13800000001'")).isEqualTo("2");
        assertThat(query("SELECT cust_name FROM customer WHERE msisdn = '13800000002'")).isEqualTo("李纜");
        assertThat(query("SELECT to_char(update_time AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDDHH24MISS') FROM customer WHERE msisdn = '13800000001'"))
                .isEqualTo("20261122090000");
        assertThat(query("SELECT deleted FROM customer WHERE msisdn = '13800000003'")).isEqualTo("t");

        // a later file: an older update does not overwrite; a delete leaves a tombstone an older add cannot revive
        ingest(FeedFiles.write(dir, "CUST_DELTA_20261122_0002.dat", GBK, List.of(
                row("U", "13800000001", "王小明", "3", "20261122085959"),
                row("D", "13800000002", "", "1", "20261122100000"),
                row("A", "13800000002", "李四", "1", "20261122095959"))), customerIndex(staging, 2));

        assertThat(query("SELECT status FROM customer WHERE msisdn = '13800000001'")).isEqualTo("2");
        assertThat(query("SELECT deleted FROM customer WHERE msisdn = '13800000002'")).isEqualTo("t");
        assertThat(sliceTables()).as("slice tables dropped with the commit").isZero();
    }

    @ParameterizedTest
    @EnumSource(Staging.class)
    void aQuarantinedFilePublishesNothing(Staging staging) throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(1000)
                .bad(CustomerDeltaGenerator.BadRow.BAD_MSISDN, 50).write(dir, "CUST_DELTA_20261122_0003.dat");

        FileResult r = ingest(f, customerIndex(staging, 100));

        assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(query("SELECT count(*) FROM customer")).isEqualTo("0");
        assertThat(sliceTables()).as("slice tables dropped when the stage is discarded").isZero();
    }

    @ParameterizedTest
    @EnumSource(Staging.class)
    void theDatabaseGoingDownMidFilePublishesNothingAndTheRetryPublishesAll(Staging staging) throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(30_000).write(dir, "CUST_DELTA_20261122_0004.dat");
        AtomicInteger seen = new AtomicInteger();
        FileStage.Factory stages = customerIndex(staging, 4_000);
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
        assertThat(query("SELECT count(*) FROM customer")).isEqualTo("0");
        assertThat(ledger.results()).last().extracting(FileResult::outcome).isEqualTo(Outcome.FAILED);
        if (staging == Staging.SLICED) {
            // the loader had committed a slice table before the kill, and the dead connections could not drop it
            assertThat(sliceTables()).isPositive();
        }

        FileResult retried = ingest(f, customerIndex(staging, 4_000));
        assertThat(retried.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(Long.parseLong(query("SELECT count(*) FROM customer"))).isPositive()
                .isEqualTo(Long.parseLong(query("SELECT count(DISTINCT msisdn) FROM customer")));
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
    void slicesPublishTheSameIndexAsTheWholeFile() throws Exception {
        // 3000 lines over 200 customers: adds, updates and deletes, older and equal update times, in random order
        SplittableRandom random = new SplittableRandom(7);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String msisdn = "1380000" + String.format("%04d", random.nextInt(200));
            String op = random.nextInt(10) == 0 ? "D" : random.nextBoolean() ? "A" : "U";
            rows.add(row(op, msisdn, "客户" + i, String.valueOf(1 + random.nextInt(3)),
                    "202611220" + random.nextInt(10) + "0000"));
        }
        ingest(FeedFiles.write(dir, "CUST_DELTA_20261122_0007.dat", GBK, rows), customerIndex(Staging.WHOLE, 0));
        String whole = indexDigest();
        sql("TRUNCATE customer");

        ingest(FeedFiles.write(dir, "CUST_DELTA_20261122_0008.dat", GBK, rows), customerIndex(Staging.SLICED, 7));

        assertThat(query("SELECT count(*) FROM customer")).isEqualTo("200");
        assertThat(indexDigest()).isEqualTo(whole);
    }

    @Test
    void aSmallFileIsCutIntoSlicesSizedToItsControlFile() throws Exception {
        // 30,000 rows against the runtime's 500,000-row slices: as one slice the whole file would wait for the end of
        // the reading; sized to the file it goes in slices of 10,000 (the floor), the first an eighth of that
        ingest(new CustomerDeltaGenerator().rows(30_000).write(dir, "CUST_DELTA_20261122_0009.dat"),
                customerIndex(Staging.WHOLE, 0));
        String whole = indexDigest();
        sql("TRUNCATE customer");
        AtomicReference<PipelinedCopyStage> opened = new AtomicReference<>();
        FileStage.Factory sliced = PipelinedCopyStage.factory(ds, BossTablePublishers.customerIndexSlices(),
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
        assertThat(indexDigest()).isEqualTo(whole);
        assertThat(sliceTables()).isZero();
    }

    String indexDigest() throws SQLException {
        return query("SELECT md5(string_agg(c::text, '|' ORDER BY msisdn)) FROM customer c");
    }

    @Test
    void theCustomerFeedForTheWarehouseIsWrittenOnlyWhenPublished() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        CompiledFeed export = StandardFeeds.customerOut().compile();
        GeneratedFile f = new CustomerDeltaGenerator().rows(200).write(dir, "CUST_DELTA_20261122_0005.dat");

        ingest(f, (feed, name) -> new ExportingStage(CopyStage.open(ds, feed, name, BossTablePublishers.customerIndex()),
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
        ingest(bad, (feed, name) -> new ExportingStage(CopyStage.open(ds, feed, name, BossTablePublishers.customerIndex()),
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

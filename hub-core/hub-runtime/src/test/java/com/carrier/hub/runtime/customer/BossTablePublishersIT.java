package com.carrier.hub.runtime.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.jdbc.CopyStage;
import com.carrier.hub.batchfile.jdbc.PipelinedCopyStage;
import com.carrier.hub.simulators.EmbeddedDatabase;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.files.GeneratedFile;

/**
 * The customer index's rules (PEERS §1.1) as {@link BossTablePublishers} publishes them on a real PostgreSQL with the
 * V10 migration as shipped, for both stages: the whole file published at the end ({@link CopyStage}) and slices
 * published while the file is read ({@link PipelinedCopyStage}, slices of a few rows here so that the rows of one
 * MSISDN fall in different slices). The stages' own behaviour (quarantine, failures, slicing) is hub-batchfile's
 * {@code CopyStageIT}.
 */
class BossTablePublishersIT {

    enum Staging {
        WHOLE, SLICED
    }

    static final Charset GBK = Charset.forName("GBK");

    @TempDir
    Path dir;

    PGSimpleDataSource ds;
    final BatchFileEngine engine = new BatchFileEngine(new InMemoryFileLedger());
    final CompiledFeed feed = StandardFeeds.customerDelta().compile();

    @BeforeEach
    void database() throws Exception {
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("boss_tables");
        ds = new PGSimpleDataSource();
        ds.setUrl(db.url());
        ds.setUser(db.username());
        ds.setPassword(db.password());
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V10__customer_index.sql")) {
            sql(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    FileResult ingest(GeneratedFile f, FileStage.Factory stages) throws Exception {
        String name = f.data().getFileName().toString();
        byte[] chk = Files.readAllBytes(f.control());
        assertThat(engine.precheck(feed, name, chk, Instant.now())).isEmpty();
        try (var in = Files.newInputStream(f.data()); FileStage stage = stages.open(feed, name)) {
            return engine.ingest(feed, name, in, chk, stage, new ByteArrayOutputStream());
        }
    }

    FileStage.Factory customerIndex(Staging staging, int sliceRows) {
        return staging == Staging.WHOLE ? CopyStage.factory(ds, BossTablePublishers.customerIndex())
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

    String indexDigest() throws SQLException {
        return query("SELECT md5(string_agg(c::text, '|' ORDER BY msisdn)) FROM customer c");
    }

    long sliceTables() throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM pg_class WHERE relname LIKE 'hub\\_slice\\_%'"));
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

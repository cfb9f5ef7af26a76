package com.carrier.hub.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database of the ledger benchmarks: a dedicated embedded PostgreSQL 17 with production-like memory (as
 * campaign-policy: shared_buffers 1 GB, max_wal_size 16 GB, fsync and synchronous_commit on), the hub's Flyway schema,
 * and fixtures loaded by COPY with the table's indexes dropped and rebuilt after (not timed by the scenarios).
 */
final class LedgerBenchDatabase implements AutoCloseable {

    final EmbeddedPostgres pg;
    final HikariDataSource ds;

    LedgerBenchDatabase() throws IOException {
        this(false);
    }

    /** {@code rewriteBatchedInserts}: the PostgreSQL driver sends a JDBC batch as multi-row INSERTs. */
    LedgerBenchDatabase(boolean rewriteBatchedInserts) throws IOException {
        pg = BenchPostgres.start();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        hc.setUsername("postgres");
        hc.setPassword("postgres");
        hc.setMaximumPoolSize(6);
        if (rewriteBatchedInserts) {
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        ds = new HikariDataSource(hc);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    }

    /** COPYs {@code rows} generated rows into {@code target} ("table (columns)"), indexes rebuilt after. */
    void load(String table, String target, long rows, BenchCopy.Row generator) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            List<String> drop = new ArrayList<>();
            List<String> create = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = off");
                s.execute("SET maintenance_work_mem = '1GB'");
                try (ResultSet rs = s.executeQuery("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = '"
                        + table + "' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)")) {
                    while (rs.next()) {
                        drop.add("DROP INDEX " + rs.getString(1));
                        create.add(rs.getString(2));
                    }
                }
                for (String sql : drop) {
                    s.execute(sql);
                }
            }
            BenchCopy.copy(c, target, rows, generator);
            try (Statement s = c.createStatement()) {
                s.execute("SET maintenance_work_mem = '1GB'");
                for (String sql : create) {
                    s.execute(sql);
                }
                s.execute("VACUUM ANALYZE " + table);
            }
        }
        System.out.printf("  %-20s %,12d rows loaded in %.1f s (not timed)%n", table, rows, (System.nanoTime() - t0) / 1e9);
    }

    static String msisdn(long i) {
        return Long.toString(13_000_000_000L + i);
    }

    @Override
    public void close() throws IOException {
        ds.close();
        pg.close();
    }
}

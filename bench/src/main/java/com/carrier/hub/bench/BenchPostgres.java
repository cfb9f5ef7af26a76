package com.carrier.hub.bench;

import java.io.IOException;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The database server every database benchmark runs on: a dedicated embedded PostgreSQL 17 configured like a production
 * server rather than the test kit's (shared_buffers 1 GB; max_wal_size 16 GB and checkpoint_timeout 30 min, so a load of
 * millions of rows does not checkpoint every minute; min_wal_size 4 GB, so a checkpoint keeps that much WAL to recycle
 * for the next large batch, as the PostgreSQL manual advises for batch jobs) with full durability: fsync on,
 * synchronous_commit on.
 */
final class BenchPostgres {

    private BenchPostgres() {
    }

    static EmbeddedPostgres start() throws IOException {
        return start(false);
    }

    /**
     * As {@link #start()}; with {@code statements} the server also loads pg_stat_statements (a diagnostic: what each
     * statement cost, for a benchmark that prints it; create the extension before the run).
     */
    static EmbeddedPostgres start(boolean statements) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (statements) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        return builder
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_wal_size", "16GB")
                .setServerConfig("min_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "30min")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    /** A pool of {@code size} connections to the server's database, its schema migrated to the hub's (Flyway). */
    static HikariDataSource migrated(EmbeddedPostgres pg, int size) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        hc.setUsername("postgres");
        hc.setPassword("postgres");
        hc.setMaximumPoolSize(size);
        HikariDataSource ds = new HikariDataSource(hc);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }
}

package com.carrier.hub.testkit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server started once per JVM from the embedded binaries (no install), handing out a fresh, empty
 * database to each caller. The sandbox runs on it, and so does every test that touches SQL.
 */
public final class EmbeddedDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private EmbeddedDatabase() {
    }

    /** Connection settings of one database. */
    public record Database(String url, String username, String password) {
    }

    /** Creates a new empty database on the shared server, starting the server first if needed. */
    public static synchronized Database create(String namePrefix) {
        EmbeddedPostgres pg = server();
        String name = namePrefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL: could not create database " + name + ": " + e.getMessage(), e);
        }
        return new Database(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "on")
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage()
                        + " (check free disk space in java.io.tmpdir and that /dev/shm is writable)", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the temporary data directory is removed with it
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }
}

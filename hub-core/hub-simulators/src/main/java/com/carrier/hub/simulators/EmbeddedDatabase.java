package com.carrier.hub.simulators;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server started from the embedded binaries (no install). {@link #create} hands out a fresh, empty
 * database on a server in a temporary folder, started once per JVM, to every test that touches SQL;
 * {@link #persistent} keeps the sandbox's database in a folder of its own across restarts.
 *
 * <p>Both servers listen on localhost only and run with PostgreSQL's durability defaults stated explicitly:
 * {@code fsync=on}, {@code synchronous_commit=on}, {@code full_page_writes=on} (the embedded launcher passes
 * {@code -F}, fsync off, unless told otherwise): a committed transaction survives a crash of the hub or the machine.
 */
public final class EmbeddedDatabase {

    /** Server settings of both kinds of server: localhost only, and durable. */
    public static final Map<String, String> SERVER_CONFIG = Map.of(
            "listen_addresses", "localhost",
            "fsync", "on",
            "synchronous_commit", "on",
            "full_page_writes", "on");

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Map<Path, EmbeddedPostgres> PERSISTENT = new HashMap<>();
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

    /**
     * The database {@code name} on a server whose data lives in {@code dataDirectory}, created on first use and kept
     * across restarts; with {@code fresh}, the folder is emptied first. One server per folder and JVM, stopped when
     * the JVM exits.
     */
    public static synchronized Database persistent(Path dataDirectory, String name, boolean fresh) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        EmbeddedPostgres pg = PERSISTENT.get(dir);
        if (pg == null) {
            stopOrphan(dir);
            if (fresh) {
                deleteFolder(dir);
            }
            try {
                Files.createDirectories(dir);
                pg = stopAtExit(configured(EmbeddedPostgres.builder()).setDataDirectory(dir).setCleanDataDirectory(false)
                        .start());
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start in " + dir + ": " + e.getMessage()
                        + " (check free disk space there, and that no other hub uses the folder)", e);
            }
            PERSISTENT.put(dir, pg);
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL in " + dir + ": could not create database " + name + ": "
                    + e.getMessage(), e);
        }
        return new Database(pg.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = stopAtExit(configured(EmbeddedPostgres.builder()).start());
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start: " + e.getMessage()
                        + " (check free disk space in java.io.tmpdir and that /dev/shm is writable)", e);
            }
        }
        return server;
    }

    private static EmbeddedPostgres.Builder configured(EmbeddedPostgres.Builder builder) {
        builder.setServerConfig("max_connections", "300");
        SERVER_CONFIG.forEach(builder::setServerConfig);
        return builder;
    }

    private static EmbeddedPostgres stopAtExit(EmbeddedPostgres started) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (IOException ignored) {
                // the JVM is exiting; a temporary data directory is removed with it, a persistent one was shut down
            }
        }, "embedded-postgres-stop"));
        return started;
    }

    /**
     * Stops a server a killed hub left running on the folder (the postmaster outlives a {@code kill -9} of its JVM
     * and would keep the next one out), with SIGTERM, PostgreSQL's smart shutdown: its clients died with that JVM.
     */
    private static void stopOrphan(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        // the embedded launcher holds a lock on epg-lock while its JVM lives: a server whose JVM is alive is not ours
        try (FileChannel lock = FileChannel.open(dir.resolve("epg-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lock.tryLock()) {
            if (held == null) {
                throw new IllegalStateException("embedded PostgreSQL: another hub uses " + dir
                        + "; stop it, or give this one its own folder (hub.database.data-dir)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL: cannot lock " + dir.resolve("epg-lock") + ": " + e.getMessage(), e);
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle orphan = ProcessHandle.of(pid)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false)).orElse(null);
            if (orphan == null) {
                return; // a stale file: PostgreSQL itself ignores it
            }
            orphan.destroy();
            orphan.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("embedded PostgreSQL: a server left running in " + dir + " did not stop ("
                    + e.getMessage() + "); stop it (pg_ctl stop -D " + dir + ") and start again", e);
        }
    }

    private static void deleteFolder(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL: could not empty " + dir + " for a fresh start: "
                    + e.getMessage(), e);
        }
    }
}

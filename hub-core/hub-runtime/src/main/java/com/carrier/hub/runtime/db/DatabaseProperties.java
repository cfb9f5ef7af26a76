package com.carrier.hub.runtime.db;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the hub's PostgreSQL comes from when no {@code spring.datasource.url} is set. Read by
 * {@link EmbeddedDatabaseEnvironment} before the application context exists.
 */
@ConfigurationProperties("hub.database")
public class DatabaseProperties {

    /** Start an embedded PostgreSQL (real server, bundled binaries) when no {@code spring.datasource.url} is set. */
    private boolean embedded;

    /**
     * Folder that keeps the embedded server's data across restarts (the sandbox: {@code var/sandbox-db} under the
     * working folder). Unset or empty: a fresh database on a temporary server, gone when the JVM exits (the tests).
     */
    private Path dataDir;

    /** Empty {@link #dataDir} before starting, for a clean sandbox ({@code ./hub --fresh}). */
    private boolean fresh;

    public boolean isEmbedded() {
        return embedded;
    }

    public void setEmbedded(boolean embedded) {
        this.embedded = embedded;
    }

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public boolean isFresh() {
        return fresh;
    }

    public void setFresh(boolean fresh) {
        this.fresh = fresh;
    }
}

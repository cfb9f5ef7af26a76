package com.carrier.hub.connector.mmstore;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the catalog in force is kept across restarts (the hub runtime keeps it in its database): {@link AppCatalog}
 * saves each snapshot here before it swaps it in, and starts from what is stored, so a restart does not leave every
 * customer {@code NO_SUITABLE_APP} until MM's next file.
 */
public interface AppCatalogStore {

    /**
     * Replaces the stored catalog with this snapshot, all or nothing, and returns once it is durable.
     *
     * @throws RuntimeException when it cannot; the snapshot is then not published
     */
    void save(AppCatalog.Snapshot snapshot);

    /** The stored catalog, or empty when none has been published yet. */
    Optional<AppCatalog.Snapshot> load();

    /** When the stored catalog was published, without reading it; empty when none is stored. */
    default Optional<Instant> publishedAt() {
        return load().map(AppCatalog.Snapshot::publishedAt);
    }
}

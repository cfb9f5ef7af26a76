package com.carrier.hub.connector.mmstore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The MM app catalog the hub currently holds: the last complete snapshot file {@code MM_APPS_<yyyyMMdd>.dat}
 * (PEERS §4.1), swapped in whole, and the handset adaptation over it.
 *
 * <h2>Wiring to the file feed</h2>
 * The batch-file engine (hub-batchfile: SFTP {@code /mm/out/catalog/}, control file, reject file, quarantine) owns
 * the file; this class owns the rows. {@link AppCatalogFileStage#factory} is the engine's {@code FileStage.Factory}
 * for the feed {@code StandardFeeds.mmApps()}: per file it stages every row the engine accepted, parsed by
 * {@link MmAppRowParser}, and publishes the file whole only when the engine accepts the file; a quarantined file is
 * discarded and the previous snapshot stays in force. Readers never see a half-loaded catalog. The runtime wires it
 * as {@code new FeedIngestProcessor(StandardFeeds.mmApps(), engine, AppCatalogFileStage.factory(catalog, parser),
 * folders, claims)} behind the {@code mmstore-catalog-source} Kamelet (bean {@code mmCatalogIngest}, route
 * {@code mmstore-catalog-to-app-catalog}).
 *
 * <h2>Kept across restarts</h2>
 * Built with an {@link AppCatalogStore} (the hub runtime's table {@code mm_app_catalog}), the catalog starts from the
 * stored snapshot and stores each new one before swapping it in; memory stays the fast path for handset adaptation.
 */
public class AppCatalog {

    /** One published catalog. */
    public record Snapshot(Map<String, MmApp> apps, String source, Instant publishedAt) {

        static final Snapshot EMPTY = new Snapshot(Map.of(), null, null);
    }

    private final AppCatalogStore store;
    private volatile Snapshot current = Snapshot.EMPTY;

    /** A catalog held in memory only: lost on restart (tests, a hub without a database). */
    public AppCatalog() {
        this.store = null;
    }

    /**
     * A catalog kept in {@code store} as well: starts from the stored snapshot, and every publication is stored
     * before it is swapped in, so memory stays the fast path and a restart keeps the catalog.
     */
    public AppCatalog(AppCatalogStore store) {
        this.store = store;
        store.load().ifPresent(s -> current = new Snapshot(Map.copyOf(s.apps()), s.source(), s.publishedAt()));
    }

    /** A catalog being loaded from one file; not visible until {@link #publish()}. */
    public final class Staging {

        private final String source;
        private final Map<String, MmApp> apps = new LinkedHashMap<>();

        private Staging(String source) {
            this.source = source;
        }

        /** Adds a parsed row; refuses a second row of the same app id, which the engine writes to the reject file. */
        public Optional<RowRejection> add(MmApp app) {
            if (apps.putIfAbsent(app.appId(), app) != null) {
                return Optional.of(new RowRejection(MmAppRowParser.DUPLICATE_APP_ID,
                        "app_id: " + app.appId() + " appears twice in " + source + "; the first row is kept"));
            }
            return Optional.empty();
        }

        public int size() {
            return apps.size();
        }

        /**
         * Makes this file the catalog in force, replacing the previous snapshot whole: stored first (when the
         * catalog has a store), then swapped in; if storing fails, it throws and the previous catalog stays.
         */
        public Snapshot publish() {
            // microseconds: what a database timestamp keeps, so a stored snapshot compares equal to this one
            Snapshot s = new Snapshot(Map.copyOf(apps), source, Instant.now().truncatedTo(ChronoUnit.MICROS));
            if (store != null) {
                store.save(s);
            }
            current = s;
            return s;
        }
    }

    /** Starts loading a catalog file. */
    public Staging stage(String source) {
        return new Staging(source);
    }

    /** Replaces the catalog with these apps at once (tests, the sandbox, a loader other than the file feed). */
    public Snapshot replace(Collection<MmApp> apps, String source) {
        Staging s = stage(source);
        apps.forEach(s::add);
        return s.publish();
    }

    public Snapshot snapshot() {
        return current;
    }

    /**
     * Takes the stored catalog when it is newer than the one in memory (another hub instance published a file);
     * returns true when it did. Without a store, does nothing.
     */
    public boolean refreshFromStore() {
        if (store == null) {
            return false;
        }
        Optional<Instant> storedAt = store.publishedAt();
        Snapshot mine = current;
        if (storedAt.isEmpty() || mine.publishedAt() != null && !storedAt.get().isAfter(mine.publishedAt())) {
            return false;
        }
        Optional<Snapshot> stored = store.load();
        if (stored.isEmpty()) {
            return false;
        }
        Snapshot s = stored.get();
        current = new Snapshot(Map.copyOf(s.apps()), s.source(), s.publishedAt());
        return true;
    }

    /** True once a catalog has been published. */
    public boolean isLoaded() {
        return current.source() != null;
    }

    public Optional<MmApp> app(String appId) {
        return Optional.ofNullable(current.apps().get(appId));
    }

    public int size() {
        return current.apps().size();
    }

    /**
     * Handset adaptation for one customer: of the campaign's apps, in the campaign's order, those in the catalog, on
     * sale and supporting the handset model ({@code *} apps support every model, including an unknown one).
     */
    public List<String> suitableApps(List<String> campaignAppIds, String handsetModel) {
        return new Matcher(current, campaignAppIds).suitable(handsetModel);
    }

    /**
     * A reusable matcher for many customers of one campaign: the campaign's apps are looked up once, each customer is
     * one normalise and a few set look-ups.
     */
    public Matcher matcher(List<String> campaignAppIds) {
        return new Matcher(current, campaignAppIds);
    }

    /** Matches handset models against one campaign's apps in one catalog snapshot. */
    public static final class Matcher {

        private final List<String> universal = new ArrayList<>();
        private final List<String> ordered = new ArrayList<>();
        private final Map<String, Set<String>> byModel = new HashMap<>();
        private final List<String> unknownApps = new ArrayList<>();

        Matcher(Snapshot snapshot, List<String> campaignAppIds) {
            Set<String> seen = new HashSet<>();
            for (String id : campaignAppIds) {
                if (!seen.add(id)) {
                    continue;
                }
                MmApp app = snapshot.apps().get(id);
                if (app == null || !app.onSale()) {
                    unknownApps.add(id);
                    continue;
                }
                ordered.add(id);
                if (app.allModels()) {
                    universal.add(id);
                } else {
                    for (String model : app.normalisedModels()) {
                        byModel.computeIfAbsent(model, k -> new HashSet<>()).add(id);
                    }
                }
            }
        }

        /** The campaign's apps that suit this handset model, in the campaign's order; empty when none does. */
        public List<String> suitable(String handsetModel) {
            Set<String> fits = byModel.getOrDefault(MmApp.normalise(handsetModel), Set.of());
            if (fits.isEmpty()) {
                return List.copyOf(universal);
            }
            List<String> out = new ArrayList<>(fits.size() + universal.size());
            for (String id : ordered) {
                if (fits.contains(id) || universal.contains(id)) {
                    out.add(id);
                }
            }
            return out;
        }

        /** Campaign apps that are not in the catalog or not on sale: worth reporting to whoever set up the campaign. */
        public List<String> unavailableApps() {
            return List.copyOf(unknownApps);
        }
    }
}

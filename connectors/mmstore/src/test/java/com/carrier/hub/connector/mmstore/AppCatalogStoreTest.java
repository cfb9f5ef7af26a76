package com.carrier.hub.connector.mmstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** An AppCatalog with a store: stored before it is swapped in, started from the store, refreshed when newer. */
class AppCatalogStoreTest {

    /** A store kept in a field, that can be told to fail. */
    static final class HeldStore implements AppCatalogStore {
        AppCatalog.Snapshot held;
        boolean failing;
        final List<String> saved = new ArrayList<>();

        @Override
        public void save(AppCatalog.Snapshot snapshot) {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            held = snapshot;
            saved.add(snapshot.source());
        }

        @Override
        public Optional<AppCatalog.Snapshot> load() {
            return Optional.ofNullable(held);
        }
    }

    static MmApp app(String id, String models) {
        return new MmApp(id, "应用" + id, "", "", List.of(models.split(",")), 1, 0, true);
    }

    @Test
    void aPublishedCatalogIsStoredAndANewCatalogStartsFromIt() {
        HeldStore store = new HeldStore();
        AppCatalog first = new AppCatalog(store);
        assertThat(first.isLoaded()).isFalse();

        first.replace(List.of(app("A1", "HUAWEI Mate60"), app("A2", "*")), "MM_APPS_20261120.dat");
        assertThat(store.saved).containsExactly("MM_APPS_20261120.dat");

        AppCatalog restarted = new AppCatalog(store);
        assertThat(restarted.isLoaded()).isTrue();
        assertThat(restarted.snapshot().source()).isEqualTo("MM_APPS_20261120.dat");
        assertThat(restarted.suitableApps(List.of("A1", "A2"), "huawei mate 60")).containsExactly("A1", "A2");
        assertThat(restarted.suitableApps(List.of("A1"), "iPhone 15")).isEmpty();
    }

    @Test
    void whenTheStoreFailsNothingIsPublishedAndThePreviousCatalogStays() {
        HeldStore store = new HeldStore();
        AppCatalog catalog = new AppCatalog(store);
        catalog.replace(List.of(app("A1", "*")), "MM_APPS_20261120.dat");

        store.failing = true;
        AppCatalog.Staging next = catalog.stage("MM_APPS_20261121.dat");
        next.add(app("B1", "*"));
        assertThatThrownBy(next::publish).hasMessageContaining("database down");

        assertThat(catalog.snapshot().source()).isEqualTo("MM_APPS_20261120.dat");
        assertThat(catalog.app("B1")).isEmpty();
    }

    @Test
    void anotherInstancesNewerCatalogIsTakenAnOlderOrTheSameIsNot() {
        HeldStore store = new HeldStore();
        AppCatalog mine = new AppCatalog(store);
        mine.replace(List.of(app("A1", "*")), "MM_APPS_20261120.dat");
        assertThat(mine.refreshFromStore()).as("the same snapshot").isFalse();

        Instant later = mine.snapshot().publishedAt().plusSeconds(60);
        store.held = new AppCatalog.Snapshot(Map.of("B1", app("B1", "*")), "MM_APPS_20261121.dat", later);
        assertThat(mine.refreshFromStore()).isTrue();
        assertThat(mine.snapshot().source()).isEqualTo("MM_APPS_20261121.dat");
        assertThat(mine.app("B1")).isPresent();

        store.held = new AppCatalog.Snapshot(Map.of("C1", app("C1", "*")), "MM_APPS_20261119.dat", later.minusSeconds(3600));
        assertThat(mine.refreshFromStore()).isFalse();
        assertThat(mine.snapshot().source()).isEqualTo("MM_APPS_20261121.dat");
        assertThat(new AppCatalog().refreshFromStore()).as("memory only").isFalse();
    }
}

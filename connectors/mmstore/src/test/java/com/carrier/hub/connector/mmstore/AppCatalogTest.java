package com.carrier.hub.connector.mmstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class AppCatalogTest {

    final MmAppRowParser parser = new MmAppRowParser();
    final AppCatalog catalog = new AppCatalog();

    MmApp app(String line) {
        return parser.parseLine(line).app();
    }

    void load() {
        catalog.replace(List.of(
                app("A1|Huawei only|c||HUAWEI Mate60,HUAWEI P70|1|0|1"),
                app("A2|Xiaomi only|c||Xiaomi 14|1|0|1"),
                app("A3|Everyone|c||*|1|0|1"),
                app("A4|Withdrawn|c||*|1|0|0")), "MM_APPS_20261122.dat");
    }

    @Test
    void modelsCompareIgnoringCaseAndSpaces() {
        load();
        assertThat(catalog.suitableApps(List.of("A1", "A2"), "huawei mate 60")).containsExactly("A1");
        assertThat(catalog.suitableApps(List.of("A1", "A2"), "  HUAWEI\u3000P70 ")).containsExactly("A1");
        assertThat(catalog.suitableApps(List.of("A2", "A1"), "XIAOMI14")).containsExactly("A2");
        assertThat(catalog.suitableApps(List.of("A1", "A2"), "OPPO Find X7")).isEmpty();
    }

    @Test
    void starAppsSuitEveryHandsetAndCampaignOrderIsKept() {
        load();
        assertThat(catalog.suitableApps(List.of("A3", "A1"), "HUAWEI Mate60")).containsExactly("A3", "A1");
        assertThat(catalog.suitableApps(List.of("A1", "A3"), "")).containsExactly("A3");
        assertThat(catalog.suitableApps(List.of("A1", "A3"), null)).containsExactly("A3");
    }

    @Test
    void withdrawnAndUnknownAppsAreNeverRecommended() {
        load();
        AppCatalog.Matcher m = catalog.matcher(List.of("A4", "A9", "A2"));
        assertThat(m.suitable("Xiaomi 14")).containsExactly("A2");
        assertThat(m.suitable("anything")).isEmpty();
        assertThat(m.unavailableApps()).containsExactly("A4", "A9");
    }

    @Test
    void aStagedFileIsInvisibleUntilPublishedAndReplacesTheCatalogWhole() {
        load();
        AppCatalog.Staging next = catalog.stage("MM_APPS_20261123.dat");
        assertThat(next.add(app("B1|New|c||*|1|0|1"))).isEmpty();
        assertThat(next.add(app("B1|Again|c||*|1|0|1"))).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(MmAppRowParser.DUPLICATE_APP_ID);
            assertThat(r.message()).contains("B1").contains("MM_APPS_20261123.dat");
        });

        assertThat(catalog.app("A1")).isPresent();
        assertThat(catalog.app("B1")).isEmpty();

        next.publish();

        assertThat(catalog.app("A1")).isEmpty();
        assertThat(catalog.app("B1")).hasValueSatisfying(a -> assertThat(a.name()).isEqualTo("New"));
        assertThat(catalog.snapshot().source()).isEqualTo("MM_APPS_20261123.dat");
    }

    @Test
    void customersWithoutASuitableAppAreExcludedAsNoSuitableApp() {
        load();
        HandsetAdaptation adaptation = new HandsetAdaptation(catalog);
        OffsetDateTime until = OffsetDateTime.parse("2026-11-29T23:59:59+08:00");

        HandsetAdaptation.Plan plan = adaptation.plan("C7", List.of("A1", "A2"), List.of(
                new HandsetAdaptation.Customer("13800000001", "Huawei Mate60"),
                new HandsetAdaptation.Customer("13800000002", "iPhone 15"),
                new HandsetAdaptation.Customer("13800000003", ""),
                new HandsetAdaptation.Customer("13800000004", "xiaomi 14")), until);

        assertThat(plan.recommendations()).extracting(Recommendation::recKey)
                .containsExactly("C7:13800000001", "C7:13800000004");
        assertThat(plan.recommendations().get(0).appIds()).containsExactly("A1");
        assertThat(plan.recommendations().get(1).appIds()).containsExactly("A2");
        assertThat(plan.excluded()).containsExactly(
                new HandsetAdaptation.Exclusion("13800000002", HandsetAdaptation.NO_SUITABLE_APP),
                new HandsetAdaptation.Exclusion("13800000003", HandsetAdaptation.NO_SUITABLE_APP));
    }

    @Test
    void planningBeforeAnyCatalogIsLoadedFailsInsteadOfExcludingEveryone() {
        assertThatThrownBy(() -> new HandsetAdaptation(catalog).plan("C7", List.of("A1"),
                List.of(new HandsetAdaptation.Customer("13800000001", "x")), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no MM app catalog loaded");
    }
}

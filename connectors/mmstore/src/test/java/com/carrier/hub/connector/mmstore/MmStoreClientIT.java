package com.carrier.hub.connector.mmstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.http.PushResult;
import com.carrier.hub.simulators.mm.MmStoreSimulator;
import com.carrier.hub.testkit.SimulatorExtension;

/** Handset-adapted recommendations pushed to the MM simulator over real HTTP. */
class MmStoreClientIT {

    @RegisterExtension
    static final SimulatorExtension<MmStoreSimulator> MM = new SimulatorExtension<>(new MmStoreSimulator());

    static final OffsetDateTime UNTIL = OffsetDateTime.parse("2026-11-29T23:59:59+08:00");

    MmStoreSimulator mm;
    MmStoreClient client;

    @BeforeEach
    void setUp() {
        mm = MM.simulator();
        mm.normal().clear();
        MmStoreProperties p = new MmStoreProperties();
        p.setBaseUrl(mm.baseUrl());
        p.setToken(mm.connectorProperties().get("hub.connectors.mmstore.token"));
        p.setCallbackSecret("unused");
        p.getRetry().setInitialBackoff(Duration.ofMillis(10));
        p.getRetry().setMaxAttempts(3);
        client = new MmStoreClient(p);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    static List<Recommendation> recommendations(int count) {
        List<Recommendation> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Recommendation.of("C1", String.valueOf(13900000000L + i), List.of("A1", "A3"), UNTIL));
        }
        return out;
    }

    @Test
    void adaptedRecommendationsReachMmInBatchesOfAtMost500() {
        AppCatalog catalog = new AppCatalog();
        MmAppRowParser parser = new MmAppRowParser();
        catalog.replace(List.of(parser.parseLine("A1|Huawei app|c||HUAWEI Mate60|1|0|1").app(),
                parser.parseLine("A2|Xiaomi app|c||Xiaomi 14|1|0|1").app()), "MM_APPS_20261122.dat");
        List<HandsetAdaptation.Customer> customers = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            customers.add(new HandsetAdaptation.Customer(String.valueOf(13900000000L + i),
                    i % 3 == 0 ? "huawei mate 60" : i % 3 == 1 ? "XIAOMI 14" : "Nokia 3310"));
        }
        HandsetAdaptation.Plan plan = new HandsetAdaptation(catalog).plan("C1", List.of("A1", "A2"), customers, UNTIL);

        List<PushResult> results = client.pushRecommendations(plan.recommendations());

        assertThat(plan.excluded()).hasSize(400).allMatch(e -> e.reason().equals("NO_SUITABLE_APP"));
        assertThat(results).hasSize(800).allMatch(PushResult::isAccepted);
        assertThat(mm.largestBatch()).isEqualTo(500);
        assertThat(mm.requests()).isEqualTo(2);
        assertThat(mm.item("C1:13900000000")).hasValueSatisfying(item -> {
            assertThat(item.path("msisdn").asText()).isEqualTo("13900000000");
            assertThat(item.path("appIds").toString()).isEqualTo("[\"A1\"]");
            assertThat(item.path("validTo").asText()).isEqualTo("2026-11-29T23:59:59+08:00");
        });
        assertThat(mm.item("C1:13900000001").orElseThrow().path("appIds").toString()).isEqualTo("[\"A2\"]");
        assertThat(mm.item("C1:13900000002")).isEmpty();
    }

    @Test
    void honours429AndRetries5xx() {
        mm.throttleNext(1, 0).failNext(1, 500);

        List<PushResult> results = client.pushRecommendations(recommendations(20));

        assertThat(results).allMatch(PushResult::isAccepted);
        assertThat(mm.requests()).isEqualTo(3);
    }

    @Test
    void perItemRejectionsAndAnAllRejectedAnswerComeBackAsFailed() {
        mm.reject("C1:13900000001", "APP_NOT_FOR_REGION");
        List<PushResult> some = client.pushRecommendations(recommendations(3));
        assertThat(some.get(1).status()).isEqualTo(PushResult.Status.FAILED);
        assertThat(some.get(1).reason()).isEqualTo("APP_NOT_FOR_REGION");
        assertThat(some.get(0).isAccepted()).isTrue();

        mm.normal().rejectAll("CAMPAIGN_EXPIRED");
        assertThat(client.pushRecommendations(recommendations(3)))
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo("CAMPAIGN_EXPIRED"))
                .allMatch(r -> r.status() == PushResult.Status.FAILED);
    }

    @Test
    void deadMmLeavesItemsUndeliveredNamingWhere() {
        mm.failNext(100, 503);

        List<PushResult> results = client.pushRecommendations(recommendations(2));

        assertThat(results).allMatch(r -> r.status() == PushResult.Status.UNDELIVERED);
        assertThat(results.get(0).reason()).contains("mmstore: POST " + mm.baseUrl() + "/api/v1/recommendations:batch")
                .contains("503");
    }
}

package com.carrier.hub.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.http.PeerUnavailableException;
import com.carrier.hub.http.PushResult;
import com.carrier.hub.simulators.portal.PortalSimulator;
import com.carrier.hub.testkit.SimulatorExtension;

/** Offer pushes and withdrawals against the portal simulator over real HTTP. */
class PortalClientIT {

    @RegisterExtension
    static final SimulatorExtension<PortalSimulator> PORTAL = new SimulatorExtension<>(new PortalSimulator());

    static final OffsetDateTime FROM = OffsetDateTime.of(2026, 11, 22, 8, 0, 0, 0, ZoneOffset.ofHours(8));

    PortalSimulator portal;
    List<PortalClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        portal = PORTAL.simulator();
        portal.normal().clear();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(PortalClient::close);
    }

    PortalProperties properties() {
        PortalProperties p = new PortalProperties();
        p.setBaseUrl(portal.baseUrl());
        p.setToken(portal.connectorProperties().get("hub.connectors.portal.token"));
        p.setCallbackSecret("unused");
        p.getRetry().setInitialBackoff(Duration.ofMillis(10));
        p.getRetry().setMaxBackoff(Duration.ofMillis(50));
        return p;
    }

    PortalClient client(PortalProperties p) {
        PortalClient c = new PortalClient(p);
        clients.add(c);
        return c;
    }

    static List<Offer> offers(String campaignId, int count) {
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String msisdn = String.valueOf(13800000000L + i);
            offers.add(Offer.of(campaignId, msisdn, "P100", "流量包 5 折", "本月特惠", "https://portal/o/" + i, FROM,
                    FROM.plusDays(7)));
        }
        return offers;
    }

    @Test
    void pushesInBatchesOfAtMost500AndThePortalStoresEveryOffer() {
        List<PushResult> results = client(properties()).pushOffers(offers("C1", 1234));

        assertThat(results).hasSize(1234).allMatch(PushResult::isAccepted);
        assertThat(results.get(1233).key()).isEqualTo("C1:13800001233");
        assertThat(portal.requests()).isEqualTo(3);
        assertThat(portal.largestBatch()).isEqualTo(500);
        assertThat(portal.oversizedBatches()).isZero();
        assertThat(portal.storedCount()).isEqualTo(1234);
        assertThat(portal.item("C1:13800000007")).hasValueSatisfying(o -> {
            assertThat(o.path("msisdn").asText()).isEqualTo("13800000007");
            assertThat(o.path("campaignId").asText()).isEqualTo("C1");
            assertThat(o.path("productId").asText()).isEqualTo("P100");
            assertThat(o.path("title").asText()).isEqualTo("流量包 5 折");
            assertThat(o.path("validFrom").asText()).isEqualTo("2026-11-22T08:00:00+08:00");
            assertThat(o.path("validTo").asText()).isEqualTo("2026-11-29T08:00:00+08:00");
        });
    }

    @Test
    void pushOutcomesAndTheCircuitStateAreMetered() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        PortalClient client = new PortalClient(properties(), meters);
        clients.add(client);
        portal.reject("C1:13800000001", "NO");

        client.pushOffers(offers("C1", 5));

        assertThat(meters.get("hub.connector.push.items").tags("connector", "portal", "status", "ACCEPTED").counter()
                .count()).isEqualTo(4);
        assertThat(meters.get("hub.connector.push.items").tags("status", "FAILED").counter().count()).isEqualTo(1);
        assertThat(meters.get("hub.connector.circuit.open").tags("connector", "portal").gauge().value()).isZero();
    }

    @Test
    void batchSizeIsConfigurable() {
        PortalProperties p = properties();
        p.setBatchSize(100);
        client(p).pushOffers(offers("C1", 250));

        assertThat(portal.requests()).isEqualTo(3);
        assertThat(portal.largestBatch()).isEqualTo(100);
    }

    @Test
    void honoursRetryAfterOn429() {
        portal.throttleNext(2, 1);
        long start = System.nanoTime();

        List<PushResult> results = client(properties()).pushOffers(offers("C1", 10));

        assertThat(results).allMatch(PushResult::isAccepted);
        assertThat(portal.requests()).isEqualTo(3);
        // Two answers asked for one second each: the client must not have come back sooner.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retriesAfter5xxAndSucceeds() {
        portal.failNext(2, 503);

        List<PushResult> results = client(properties()).pushOffers(offers("C1", 10));

        assertThat(results).allMatch(PushResult::isAccepted);
        assertThat(portal.requests()).isEqualTo(3);
        assertThat(portal.storedCount()).isEqualTo(10);
    }

    @Test
    void givesUpAfterMaxAttemptsLeavingTheOffersUndeliveredWithTheReason() {
        portal.failNext(100, 502);
        PortalProperties p = properties();
        p.getRetry().setMaxAttempts(3);

        List<PushResult> results = client(p).pushOffers(offers("C1", 10));

        assertThat(results).allMatch(r -> r.status() == PushResult.Status.UNDELIVERED);
        assertThat(results.get(0).reason()).contains("portal: POST " + portal.baseUrl())
                .contains("after 3 attempts").contains("502");
        assertThat(portal.requests()).isEqualTo(3);
    }

    @Test
    void slowAnswersPastTheTimeoutAreRetriedThenUndelivered() {
        portal.answerSlowly(Duration.ofMillis(1500));
        PortalProperties p = properties();
        p.setRequestTimeout(Duration.ofMillis(200));
        p.getRetry().setMaxAttempts(2);

        List<PushResult> results = client(p).pushOffers(offers("C1", 3));

        assertThat(results).allMatch(r -> r.status() == PushResult.Status.UNDELIVERED);
        assertThat(results.get(0).reason()).contains("no answer within the request timeout");
    }

    @Test
    void circuitOpensOnADeadPortalAndFurtherPushesDoNotCallIt() {
        portal.failNext(1000, 500);
        PortalProperties p = properties();
        p.getRetry().setMaxAttempts(1);
        p.setBatchSize(1);
        p.setConcurrency(1);
        p.getCircuitBreaker().setMinimumCalls(5);
        p.getCircuitBreaker().setSlidingWindowSize(5);
        PortalClient client = client(p);

        client.pushOffers(offers("C1", 5));
        long callsWhenOpened = portal.requests();
        List<PushResult> later = client.pushOffers(offers("C2", 20));

        assertThat(callsWhenOpened).isEqualTo(5);
        assertThat(portal.requests()).isEqualTo(callsWhenOpened);
        assertThat(later).allMatch(r -> r.status() == PushResult.Status.UNDELIVERED);
        assertThat(later.get(0).reason()).contains("circuit breaker open");
        assertThat(client.http().breaker().getState().name()).isEqualTo("OPEN");
    }

    @Test
    void circuitClosesAgainOnceThePortalIsBack() throws Exception {
        portal.failNext(5, 500);
        PortalProperties p = properties();
        p.getRetry().setMaxAttempts(1);
        p.setBatchSize(1);
        p.setConcurrency(1);
        p.getCircuitBreaker().setMinimumCalls(5);
        p.getCircuitBreaker().setSlidingWindowSize(5);
        p.getCircuitBreaker().setOpenDuration(Duration.ofMillis(200));
        p.getCircuitBreaker().setHalfOpenCalls(1);
        PortalClient client = client(p);
        client.pushOffers(offers("C1", 5));
        assertThat(client.http().breaker().getState().name()).isEqualTo("OPEN");

        Thread.sleep(400); // past the open duration: the next call is a trial
        List<PushResult> results = client.pushOffers(offers("C2", 3));

        assertThat(results).allMatch(PushResult::isAccepted);
        assertThat(client.http().breaker().getState().name()).isEqualTo("CLOSED");
    }

    @Test
    void perOfferRejectionsComeBackAsFailedWithThePortalsReason() {
        portal.reject("C1:13800000003", "PRODUCT_OFFLINE");

        List<PushResult> results = client(properties()).pushOffers(offers("C1", 5));

        assertThat(results).filteredOn(r -> !r.isAccepted()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("C1:13800000003");
            assertThat(r.status()).isEqualTo(PushResult.Status.FAILED);
            assertThat(r.reason()).isEqualTo("PRODUCT_OFFLINE");
        });
        assertThat(portal.storedCount()).isEqualTo(4);
    }

    @Test
    void portalAnswering200WithEveryOfferRejectedFailsThemAll() {
        portal.rejectAll("CAMPAIGN_NOT_ALLOWED");

        List<PushResult> results = client(properties()).pushOffers(offers("C1", 700));

        assertThat(results).hasSize(700).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(PushResult.Status.FAILED);
            assertThat(r.reason()).isEqualTo("CAMPAIGN_NOT_ALLOWED");
        });
        assertThat(portal.storedCount()).isZero();
    }

    @Test
    void countingOnlySimulatorAsInTheBenchmarkAnswersTheSame() {
        portal.retainItems(false).reject("C1:13800000002", "PRODUCT_OFFLINE");
        try {
            List<PushResult> results = client(properties()).pushOffers(offers("C1", 600));

            assertThat(results).filteredOn(r -> !r.isAccepted()).extracting(PushResult::key, PushResult::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("C1:13800000002", "PRODUCT_OFFLINE"));
            assertThat(portal.itemsReceived()).isEqualTo(600);
            assertThat(portal.largestBatch()).isEqualTo(500);
            assertThat(portal.storedCount()).isZero();
        } finally {
            portal.retainItems(true);
        }
    }

    @Test
    void wrongTokenLeavesOffersUndeliveredNamingTheTokenSetting() {
        PortalProperties p = properties();
        p.setToken("not-the-token");

        List<PushResult> results = client(p).pushOffers(offers("C1", 2));

        assertThat(results).allMatch(r -> r.status() == PushResult.Status.UNDELIVERED);
        assertThat(results.get(0).reason()).contains("401").contains("hub.connectors.portal.token");
        assertThat(portal.unauthorizedRequests()).isEqualTo(1);
    }

    @Test
    void withdrawRemovesOneCampaignsOffers() {
        PortalClient client = client(properties());
        client.pushOffers(offers("C1", 5));
        client.pushOffers(offers("C2", 3));

        assertThat(client.withdrawCampaign("C1")).isTrue();
        assertThat(portal.itemsWhere("campaignId", "C1")).isEmpty();
        assertThat(portal.itemsWhere("campaignId", "C2")).hasSize(3);
        assertThat(client.withdrawCampaign("C1")).isFalse();
    }

    @Test
    void withdrawOnAFailingPortalThrowsTransient() {
        portal.failNext(10, 503);
        PortalProperties p = properties();
        p.getRetry().setMaxAttempts(2);

        assertThatThrownBy(() -> client(p).withdrawCampaign("C1")).isInstanceOf(PeerUnavailableException.class)
                .hasMessageContaining("DELETE " + portal.baseUrl() + "/api/v1/offers/C1").hasMessageContaining("503");
    }
}

package com.carrier.hub.connector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.http.PushResult;
import com.carrier.hub.simulators.app.AppPushSimulator;
import com.carrier.hub.testkit.SimulatorExtension;

/** App pushes against the app push simulator over real HTTP (PEERS §10.1). */
class AppPushClientIT {

    @RegisterExtension
    static final SimulatorExtension<AppPushSimulator> APP =
            new SimulatorExtension<>(new AppPushSimulator("it-app-token", "it-app-secret", 1000));

    static final OffsetDateTime END = OffsetDateTime.of(2026, 11, 29, 23, 0, 0, 0, ZoneOffset.ofHours(8));

    AppPushSimulator app;
    List<AppPushClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        app = APP.simulator();
        app.normal().clear();
        app.noDeviceShare(0);
    }

    @AfterEach
    void tearDown() {
        clients.forEach(AppPushClient::close);
    }

    AppProperties properties() {
        AppProperties p = new AppProperties();
        p.setEnabled(true);
        p.setBaseUrl(app.baseUrl());
        p.setToken("it-app-token");
        p.setCallbackSecret("unused");
        p.getRetry().setInitialBackoff(Duration.ofMillis(10));
        p.getRetry().setMaxBackoff(Duration.ofMillis(50));
        return p;
    }

    AppPushClient client(AppProperties p) {
        AppPushClient c = new AppPushClient(p);
        clients.add(c);
        return c;
    }

    static List<PushMessage> messages(String campaignId, int count) {
        List<PushMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String msisdn = String.valueOf(13800000000L + i);
            messages.add(PushMessage.of(campaignId, msisdn, "流量包 5 折", "本月特惠", "cmcc://offer/" + i, END));
        }
        return messages;
    }

    @Test
    void pushesInBatchesOfAtMost1000AndThePlatformTakesEveryMessage() {
        List<PushResult> results = client(properties()).pushMessages(messages("C1", 2345));

        assertThat(results).hasSize(2345).allMatch(PushResult::isAccepted);
        assertThat(results.get(2344).key()).isEqualTo("C1:13800002344");
        assertThat(app.requests()).isEqualTo(3);
        assertThat(app.largestBatch()).isEqualTo(1000);
        assertThat(app.oversizedBatches()).isZero();
        assertThat(app.item("C1:13800000007")).hasValueSatisfying(m -> {
            assertThat(m.path("msisdn").asText()).isEqualTo("13800000007");
            assertThat(m.path("title").asText()).isEqualTo("流量包 5 折");
            assertThat(m.path("deeplink").asText()).isEqualTo("cmcc://offer/7");
            assertThat(m.path("expireAt").asText()).isEqualTo("2026-11-29T23:00:00+08:00");
        });
    }

    @Test
    void theSimulatorRefusesARequestOverTheLimitWith400() {
        AppProperties p = properties();
        app.batchLimit(10);
        try {
            List<PushResult> results = client(p).pushMessages(messages("C1", 11));
            assertThat(app.oversizedBatches()).isEqualTo(1);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(PushResult.Status.FAILED);
                assertThat(r.reason()).contains("400").contains("at most 10");
            });
        } finally {
            app.batchLimit(1000);
        }
    }

    @Test
    void a429WaitsForRetryAfterThenRetries() {
        app.throttleNext(1, 1);
        long start = System.nanoTime();

        List<PushResult> results = client(properties()).pushMessages(messages("C1", 5));

        assertThat(results).allMatch(PushResult::isAccepted);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(app.requests()).isEqualTo(2);
    }

    @Test
    void a5xxIsRetried() {
        app.failNext(2, 503);

        List<PushResult> results = client(properties()).pushMessages(messages("C1", 5));

        assertThat(results).allMatch(PushResult::isAccepted);
        assertThat(app.requests()).isEqualTo(3);
        assertThat(app.storedCount()).isEqualTo(5);
    }

    @Test
    void anAnswerWithFewerResultsThanMessagesLeavesTheMissingOnesToRetryNeverSent() {
        app.omitResultsNext(3);
        AppTouchpoint touchpoint = new AppTouchpoint(client(properties()));

        List<ContactResult> results = touchpoint.send(slice("C1", 10));

        assertThat(results).hasSize(10);
        assertThat(results.subList(0, 7)).allMatch(r -> r.status() == ContactResult.Status.SENT);
        assertThat(results.subList(7, 10)).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(ContactResult.Status.RETRY);
            assertThat(r.reason()).contains("no result for this message");
        });
        assertThat(results).extracting(ContactResult::msisdn).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void anInvalidMessageFailsWithThePlatformsReasonAndNoDeviceIsRefused() {
        app.reject("C1:13800000001", "title too long");
        app.noDevice("13800000002");
        AppTouchpoint touchpoint = new AppTouchpoint(client(properties()));

        List<ContactResult> results = touchpoint.send(slice("C1", 3));

        assertThat(results.get(0).status()).isEqualTo(ContactResult.Status.SENT);
        assertThat(results.get(1).status()).isEqualTo(ContactResult.Status.FAILED);
        assertThat(results.get(1).reason()).isEqualTo("INVALID: title too long");
        assertThat(results.get(2).status()).isEqualTo(ContactResult.Status.REFUSED);
        assertThat(results.get(2).reason()).isEqualTo("NO_DEVICE");
        assertThat(app.refusedCount()).isEqualTo(1);
    }

    @Test
    void noDeviceShareIsDeterministicByMsisdn() {
        app.noDeviceShare(0.2);
        List<PushResult> results = client(properties()).pushMessages(messages("C1", 500));

        long refused = results.stream().filter(r -> r.status() == PushResult.Status.REFUSED).count();
        assertThat(refused).isBetween(60L, 140L);
        for (PushResult r : results) {
            String msisdn = r.key().substring(3);
            assertThat(r.status() == PushResult.Status.REFUSED).isEqualTo(app.hasNoDevice(msisdn));
        }
    }

    @Test
    void thePeerDownLeavesEveryContactToRetry() {
        AppProperties p = properties();
        p.getRetry().setMaxAttempts(2);
        app.failNext(100, 503);
        try {
            List<ContactResult> results = new AppTouchpoint(client(p)).send(slice("C1", 4));
            assertThat(results).hasSize(4).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(ContactResult.Status.RETRY);
                assertThat(r.reason()).contains("app: POST " + app.baseUrl() + "/push/v1/messages:batch")
                        .contains("503");
            });
        } finally {
            app.normal();
        }
    }

    static TouchpointSlice slice(String campaignId, int count) {
        List<TouchpointContact> contacts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            contacts.add(new TouchpointContact(String.valueOf(13800000000L + i),
                    Map.of("title", "标题", "body", "正文"), Map.of()));
        }
        return new TouchpointSlice(campaignId, null, null, END, contacts);
    }
}

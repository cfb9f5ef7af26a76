package com.carrier.hub.connector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.simulators.app.AppPushSimulator;
import com.carrier.hub.simulators.portal.HttpPeerSimulator.CallbackAnswer;
import com.carrier.hub.testkit.SignedCallbackTest;
import com.carrier.hub.testkit.SimulatorExtension;

/** POST /feedback/app on a real embedded Tomcat, called by the app simulator as the real platform would (PEERS §10.2). */
@SpringBootTest(classes = SignedCallbackTest.Hub.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AppFeedbackIT extends SignedCallbackTest {

    @RegisterExtension
    static final SimulatorExtension<AppPushSimulator> APP = new SimulatorExtension<>(new AppPushSimulator());

    @DynamicPropertySource
    static void app(DynamicPropertyRegistry registry) {
        APP.simulator().connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    AppFeedbackIT() {
        super(APP::simulator, AppPushSimulator::feedbackUrl);
    }

    static String event(String eventId, String type, String campaignId) {
        return """
                {"eventId":"%s","type":"%s","msisdn":"13800138000","campaignId":"%s","pushId":"%s:13800138000","time":"2026-11-22T10:15:30+08:00"}"""
                .formatted(eventId, type, campaignId, campaignId);
    }

    @Test
    void signedDeliveredOpenedClickedAreStoredAsAppEventsKeyedByPushId() throws Exception {
        CallbackAnswer answer = send(body(event("e1", "DELIVERED", "C1"), event("e2", "OPENED", "C1"),
                event("e3", "CLICKED", "C1")));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body()).contains("\"stored\":3");
        List<ResponseEvent> stored = sink.all();
        assertThat(stored).extracting(ResponseEvent::type).containsExactly(ResponseEvent.Type.DELIVERED,
                ResponseEvent.Type.OPENED, ResponseEvent.Type.CLICKED);
        ResponseEvent opened = stored.get(1);
        assertThat(opened.source()).isEqualTo("app");
        assertThat(opened.channel()).isEqualTo("APP");
        assertThat(opened.eventId()).isEqualTo("e2");
        assertThat(opened.msisdn()).isEqualTo("13800138000");
        assertThat(opened.campaignId()).isEqualTo("C1");
        assertThat(opened.ref()).isEqualTo("C1:13800138000");
        assertThat(opened.time()).isEqualTo(Instant.parse("2026-11-22T02:15:30Z"));
    }

    @Test
    void eventsBuiltByTheSimulatorAreAccepted() throws Exception {
        CallbackAnswer answer = APP.simulator().sendEvents(url, List.of(
                AppPushSimulator.event("s1", "CLICKED", "13800138000", "C9")));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(sink.all()).singleElement().satisfies(e -> assertThat(e.ref()).isEqualTo("C9:13800138000"));
    }

    @Test
    void badOrMissingSignatureIs401AndNothingStored() throws Exception {
        assertThat(APP.simulator().sendBadlySignedCallback(url, body(event("e1", "OPENED", "C1"))).status())
                .isEqualTo(401);
        byte[] bytes = body(event("e1", "OPENED", "C1")).getBytes(StandardCharsets.UTF_8);
        assertThat(APP.simulator().sendCallback(url, bytes, null, false).status()).isEqualTo(401);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void malformedJsonIs400AndNothingStored() throws Exception {
        CallbackAnswer answer = send("{\"events\":[" + event("e1", "OPENED", "C1") + ",{\"eventId\":}]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("not valid JSON");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void aPortalTypeOrAPushIdOfAnotherCustomerIs400NamingTheField() throws Exception {
        CallbackAnswer type = send(body(event("e1", "OPENED", "C1"), event("e2", "IMPRESSION", "C1")));
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.body()).contains("events[1].type").contains("IMPRESSION");

        CallbackAnswer pushId = send(body(event("e3", "OPENED", "C1").replace("\"pushId\":\"C1:", "\"pushId\":\"C2:")));
        assertThat(pushId.status()).isEqualTo(400);
        assertThat(pushId.body()).contains("events[0].pushId").doesNotContain("13800138000");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void nulInAFieldIs400NamingIt() throws Exception {
        CallbackAnswer answer = send(body(event("e1", "OPENED", "C1"), event("e2\\u0000", "OPENED", "C1")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("events[1].eventId", "U+0000");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void duplicateEventIdIsAcceptedAndStoredOnce() throws Exception {
        assertThat(send(body(event("e1", "OPENED", "C1"))).status()).isEqualTo(202);
        CallbackAnswer again = send(body(event("e1", "OPENED", "C1"), event("e2", "CLICKED", "C1")));

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).contains("\"stored\":1").contains("\"duplicates\":1");
        assertThat(sink.all()).extracting(ResponseEvent::eventId).containsExactly("e1", "e2");
    }
}

package com.carrier.hub.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.simulators.portal.HttpPeerSimulator.CallbackAnswer;
import com.carrier.hub.simulators.portal.PortalSimulator;
import com.carrier.hub.testkit.SignedCallbackTest;
import com.carrier.hub.testkit.SimulatorExtension;

/** POST /feedback/portal on a real embedded Tomcat, called by the portal simulator as the real portal would. */
@SpringBootTest(classes = SignedCallbackTest.Hub.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PortalFeedbackIT extends SignedCallbackTest {

    @RegisterExtension
    static final SimulatorExtension<PortalSimulator> PORTAL = new SimulatorExtension<>(new PortalSimulator());

    @DynamicPropertySource
    static void portal(DynamicPropertyRegistry registry) {
        PORTAL.simulator().connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    PortalFeedbackIT() {
        super(PORTAL::simulator, PortalSimulator::feedbackUrl);
    }

    static String event(String eventId, String type, String campaignId) {
        return """
                {"eventId":"%s","type":"%s","msisdn":"13800138000","campaignId":"%s","offerKey":"%s:13800138000","time":"2026-11-22T10:15:30+08:00"}"""
                .formatted(eventId, type, campaignId, campaignId);
    }

    @Test
    void signedEventsAreStoredThenAnswered202() throws Exception {
        CallbackAnswer answer = send(body(event("e1", "IMPRESSION", "C1"), event("e2", "CLICK", "C1"),
                event("e3", "ORDER", "C1")));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body()).contains("\"stored\":3");
        List<ResponseEvent> stored = sink.all();
        assertThat(stored).extracting(ResponseEvent::type).containsExactly(ResponseEvent.Type.IMPRESSION,
                ResponseEvent.Type.CLICKED, ResponseEvent.Type.ORDERED);
        ResponseEvent click = stored.get(1);
        assertThat(click.source()).isEqualTo("portal");
        assertThat(click.channel()).isEqualTo("PORTAL");
        assertThat(click.eventId()).isEqualTo("e2");
        assertThat(click.msisdn()).isEqualTo("13800138000");
        assertThat(click.campaignId()).isEqualTo("C1");
        assertThat(click.ref()).isEqualTo("C1:13800138000");
        assertThat(click.time()).isEqualTo(Instant.parse("2026-11-22T02:15:30Z"));
    }

    @Test
    void eventsBuiltByTheSimulatorAreAccepted() throws Exception {
        CallbackAnswer answer = PORTAL.simulator().sendEvents(url, List.of(
                PortalSimulator.event("s1", "CLICK", "13800138000", "C9")));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(sink.all()).singleElement().satisfies(e -> assertThat(e.ref()).isEqualTo("C9:13800138000"));
    }

    @Test
    void callbackWithoutSignatureIs401AndNothingStored() throws Exception {
        byte[] body = body(event("e1", "CLICK", "C1")).getBytes(StandardCharsets.UTF_8);
        CallbackAnswer answer = PORTAL.simulator().sendCallback(url, body, null, false);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("missing X-Signature");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void callbackSignedWithAnotherSecretIs401() throws Exception {
        CallbackAnswer answer = PORTAL.simulator().sendBadlySignedCallback(url, body(event("e1", "CLICK", "C1")));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("does not match the body");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void bodyChangedAfterSigningIs401() throws Exception {
        byte[] signed = body(event("e1", "CLICK", "C1")).getBytes(StandardCharsets.UTF_8);
        String signature = PORTAL.simulator().sign(signed);
        byte[] tampered = body(event("e1", "ORDER", "C1")).getBytes(StandardCharsets.UTF_8);

        CallbackAnswer answer = PORTAL.simulator().sendCallback(url, tampered, signature, false);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void signatureThatIsNotHexIs401() throws Exception {
        byte[] body = body(event("e1", "CLICK", "C1")).getBytes(StandardCharsets.UTF_8);
        assertThat(PORTAL.simulator().sendCallback(url, body, "sha256=zz-not-hex", false).status()).isEqualTo(401);
        assertThat(PORTAL.simulator().sendCallback(url, body, "md5=abcdef", false).status()).isEqualTo(401);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void malformedJsonIs400NamingWhereAndNothingStored() throws Exception {
        CallbackAnswer answer = send("{\"events\":[" + event("e1", "CLICK", "C1") + ",{\"eventId\":}]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("not valid JSON").contains("line 1");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void unknownEventTypeIs400NamingItAndGoodEventsBesideItAreNotStored() throws Exception {
        CallbackAnswer answer = send(body(event("e1", "CLICK", "C1"), event("e2", "SHARE", "C1")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("events[1].type").contains("SHARE");
        assertThat(sink.all()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "type", "msisdn", "campaignId", "offerKey", "time"})
    void missingFieldIs400NamingIt(String field) throws Exception {
        String broken = event("e2", "CLICK", "C1").replaceAll("\"" + field + "\":\"[^\"]*\",?", "")
                .replace(",}", "}");
        CallbackAnswer answer = send(body(event("e1", "CLICK", "C1"), broken));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("events[1]." + field + ": missing");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void badMsisdnAndBadTimeAre400WithoutTheNumberInClear() throws Exception {
        CallbackAnswer msisdn = send(body(event("e1", "CLICK", "C1").replace("13800138000\",\"campaignId",
                "23800138000\",\"campaignId")));
        assertThat(msisdn.status()).isEqualTo(400);
        assertThat(msisdn.body()).contains("events[0].msisdn").contains("238****8000").doesNotContain("23800138000");

        CallbackAnswer time = send(body(event("e1", "CLICK", "C1").replace("2026-11-22T10:15:30+08:00", "yesterday")));
        assertThat(time.status()).isEqualTo(400);
        assertThat(time.body()).contains("events[0].time").contains("yesterday");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void nulInAnyFieldIs400NamingItNot503() throws Exception {
        CallbackAnswer answer = send(body(event("e1", "CLICK", "C1"), event("e2\\u0000", "CLICK", "C1")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("events[1].eventId", "U+0000");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void overlongIdsAre400NamingTheField() throws Exception {
        CallbackAnswer eventId = send(body(event("e".repeat(100_000), "CLICK", "C1")));
        assertThat(eventId.status()).isEqualTo(400);
        assertThat(eventId.body()).contains("events[0].eventId", "at most 128 characters");

        CallbackAnswer campaignId = send(body(event("e1", "CLICK", "C".repeat(5_000))));
        assertThat(campaignId.status()).isEqualTo(400);
        assertThat(campaignId.body()).contains("events[0].campaignId");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void deeplyNestedJsonIs400Not500() throws Exception {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        CallbackAnswer answer = send("{\"events\":[" + event("e1", "CLICK", "C1") + "],\"extra\":" + deep + "}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("nested deeper than");
        assertThat(sink.all()).isEmpty();
    }

    /**
     * A field the contract does not name is ignored, not refused: a 400 makes the portal drop the body (PEERS §3.2), so
     * a field a newer portal adds would lose every response it reports; a misspelt required field is refused as missing.
     */
    @Test
    void aFieldTheContractDoesNotNameIsIgnoredAndTheEventStored() throws Exception {
        CallbackAnswer answer = send(body(event("e1", "CLICK", "C1").replace("{\"eventId\"", "{\"pageId\":\"home\",\"eventId\"")));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(sink.all()).singleElement().satisfies(e -> assertThat(e.eventId()).isEqualTo("e1"));
    }

    @Test
    void missingEventsArrayIs400() throws Exception {
        assertThat(send("{\"evts\":[]}").body()).contains("events: missing");
        assertThat(send("[1,2]").status()).isEqualTo(400);
    }

    @Test
    void oversizedBodyWithContentLengthIs413() throws Exception {
        byte[] big = bigBody(1024 * 1024 + 1);
        CallbackAnswer answer = PORTAL.simulator().sendCallback(url, big, PORTAL.simulator().sign(big), false);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("over the limit of 1048576 bytes");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void oversizedChunkedBodyIs413() throws Exception {
        byte[] big = bigBody(1024 * 1024 + 100);
        CallbackAnswer answer = PORTAL.simulator().sendCallback(url, big, PORTAL.simulator().sign(big), true);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void bodyJustUnderTheLimitIsAccepted() throws Exception {
        byte[] body = bigBody(1024 * 1024 - 10);
        CallbackAnswer answer = PORTAL.simulator().sendCallback(url, body, PORTAL.simulator().sign(body), true);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(sink.all()).hasSizeGreaterThan(1000);
    }

    @Test
    void eventForAnUnknownCampaignIsStoredAsItCame() throws Exception {
        CallbackAnswer answer = send(body(event("e9", "CLICK", "NO-SUCH-CAMPAIGN")));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(sink.all()).singleElement().satisfies(e -> {
            assertThat(e.campaignId()).isEqualTo("NO-SUCH-CAMPAIGN");
            assertThat(e.ref()).isEqualTo("NO-SUCH-CAMPAIGN:13800138000");
        });
    }

    @Test
    void duplicateEventIdIsAcceptedAndStoredOnce() throws Exception {
        assertThat(send(body(event("e1", "CLICK", "C1"))).status()).isEqualTo(202);

        CallbackAnswer again = send(body(event("e1", "CLICK", "C1"), event("e2", "ORDER", "C1")));

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).contains("\"stored\":1").contains("\"duplicates\":1");
        assertThat(sink.all()).extracting(ResponseEvent::eventId).containsExactly("e1", "e2");
    }

    @Test
    void storeFailureIsNot202SoThePortalRetries() throws Exception {
        sink.failing(true);
        CallbackAnswer answer = send(body(event("e1", "CLICK", "C1")));
        sink.failing(false);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(sink.all()).isEmpty();
        assertThat(send(body(event("e1", "CLICK", "C1"))).status()).isEqualTo(202);
        assertThat(sink.all()).hasSize(1);
    }

    /** A valid callback of about {@code size} bytes: many events padded to reach it. */
    static byte[] bigBody(int size) {
        StringBuilder b = new StringBuilder("{\"events\":[");
        int i = 0;
        while (true) {
            String e = (i == 0 ? "" : ",") + event("big-" + i, "IMPRESSION", "C1");
            if (b.length() + e.length() + 2 > size) {
                break;
            }
            b.append(e);
            i++;
        }
        b.append("]}");
        while (b.length() < size) {
            b.append(' ');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}

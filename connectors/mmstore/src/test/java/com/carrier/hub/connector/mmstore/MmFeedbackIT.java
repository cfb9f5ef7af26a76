package com.carrier.hub.connector.mmstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.simulators.mm.MmStoreSimulator;
import com.carrier.hub.simulators.portal.HttpPeerSimulator.CallbackAnswer;
import com.carrier.hub.testkit.SignedCallbackTest;
import com.carrier.hub.testkit.SimulatorExtension;

/** POST /feedback/mm on a real embedded Tomcat (limit lowered to 64 KB here), called by the MM simulator. */
@SpringBootTest(classes = SignedCallbackTest.Hub.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hub.connectors.mmstore.callback-max-body=64KB")
class MmFeedbackIT extends SignedCallbackTest {

    @RegisterExtension
    static final SimulatorExtension<MmStoreSimulator> MM = new SimulatorExtension<>(new MmStoreSimulator());

    @DynamicPropertySource
    static void mm(DynamicPropertyRegistry registry) {
        MM.simulator().connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    MmFeedbackIT() {
        super(MM::simulator, MmStoreSimulator::feedbackUrl);
    }

    static String event(String eventId, String type, String campaignId) {
        return """
                {"eventId":"%s","type":"%s","msisdn":"13912345678","campaignId":"%s","appId":"300001","time":"2026-11-22T12:00:00Z"}"""
                .formatted(eventId, type, campaignId);
    }

    @Test
    void downloadsAndInstallsAreStoredWithTheAppIdAsRef() throws Exception {
        CallbackAnswer answer = send(body(event("m1", "DOWNLOAD", "C1"), event("m2", "INSTALL", "C1")));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(sink.all()).extracting(ResponseEvent::type)
                .containsExactly(ResponseEvent.Type.DOWNLOADED, ResponseEvent.Type.INSTALLED);
        assertThat(sink.all()).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("mmstore");
            assertThat(e.channel()).isEqualTo("MM");
            assertThat(e.ref()).isEqualTo("300001");
            assertThat(e.msisdn()).isEqualTo("13912345678");
            assertThat(e.time()).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
        });
    }

    @Test
    void eventsBuiltByTheSimulatorAreAccepted() throws Exception {
        CallbackAnswer answer = MM.simulator().sendEvents(url, java.util.List.of(
                MmStoreSimulator.event("s1", "DOWNLOAD", "13912345678", "C9", "300009")));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(sink.all()).singleElement().satisfies(e -> assertThat(e.ref()).isEqualTo("300009"));
    }

    @Test
    void unsignedWronglySignedAndTamperedCallbacksAre401() throws Exception {
        byte[] body = body(event("m1", "DOWNLOAD", "C1")).getBytes(StandardCharsets.UTF_8);
        assertThat(MM.simulator().sendCallback(url, body, null, false).status()).isEqualTo(401);
        assertThat(MM.simulator().sendBadlySignedCallback(url, body(event("m1", "DOWNLOAD", "C1"))).status())
                .isEqualTo(401);
        byte[] tampered = body(event("m1", "INSTALL", "C1")).getBytes(StandardCharsets.UTF_8);
        assertThat(MM.simulator().sendCallback(url, tampered, MM.simulator().sign(body), false).status())
                .isEqualTo(401);
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void portalEventTypesAreUnknownHere() throws Exception {
        CallbackAnswer answer = send(body(event("m1", "DOWNLOAD", "C1"), event("m2", "CLICK", "C1")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("events[1].type: unknown event type 'CLICK'");
        assertThat(sink.all()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eventId", "msisdn", "campaignId", "appId", "time"})
    void missingFieldIs400NamingIt(String field) throws Exception {
        String broken = event("m2", "INSTALL", "C1").replaceAll("\"" + field + "\":\"[^\"]*\",?", "")
                .replace(",}", "}");
        CallbackAnswer answer = send(body(broken));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("events[0]." + field + ": missing");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void aNulOrAnOverlongAppIdIs400NamingIt() throws Exception {
        CallbackAnswer nul = send(body(event("m1", "DOWNLOAD", "C1").replace("\"300001\"", "\"3000\\u000001\"")));
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("events[0].appId", "U+0000");

        CallbackAnswer overlong = send(body(event("m1", "DOWNLOAD", "C1").replace("\"300001\"", "\"" + "3".repeat(5_000) + "\"")));
        assertThat(overlong.status()).isEqualTo(400);
        assertThat(overlong.body()).contains("events[0].appId", "at most 128 characters");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        CallbackAnswer answer = send("{\"events\":[{\"eventId\":\"m1\",");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("not valid JSON");
        assertThat(sink.all()).isEmpty();
    }

    @Test
    void bodyOverTheConfiguredLimitIs413WithOrWithoutContentLength() throws Exception {
        byte[] big = ("{\"events\":[],\"pad\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        CallbackAnswer declared = MM.simulator().sendCallback(url, big, MM.simulator().sign(big), false);
        CallbackAnswer chunked = MM.simulator().sendCallback(url, big, MM.simulator().sign(big), true);

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.body()).contains("65536 bytes");
        assertThat(chunked.status()).isEqualTo(413);
    }

    @Test
    void duplicatesAreAcceptedAndStoredOnceAndUnknownCampaignsKept() throws Exception {
        assertThat(send(body(event("m1", "DOWNLOAD", "UNKNOWN-CAMPAIGN"))).status()).isEqualTo(202);
        CallbackAnswer again = send(body(event("m1", "DOWNLOAD", "UNKNOWN-CAMPAIGN")));

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body()).contains("\"duplicates\":1");
        assertThat(sink.all()).singleElement()
                .satisfies(e -> assertThat(e.campaignId()).isEqualTo("UNKNOWN-CAMPAIGN"));
    }
}

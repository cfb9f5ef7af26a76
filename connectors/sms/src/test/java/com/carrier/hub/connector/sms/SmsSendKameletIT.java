package com.carrier.hub.connector.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.testkit.SimulatorExtension;
import com.carrier.hub.testkit.smsc.SmscSimulator;

/** A route sends through the sms-send-action Kamelet as shipped and gets the send result back. */
class SmsSendKameletIT {

    @RegisterExtension
    static final SimulatorExtension<SmscSimulator> SMSC =
            new SimulatorExtension<>(new SmscSimulator("hub", "hubpass1", 0));

    @Test
    void routeSendsThroughTheKameletAndReceiptReachesTheStore() throws Exception {
        SmscSimulator smsc = SMSC.simulator();
        SmsProperties p = new SmsProperties();
        p.setHost("127.0.0.1");
        p.setPort(smsc.port());
        p.setSystemId("hub");
        p.setPassword("hubpass1");
        p.setBinds(1);
        InMemoryResponseEventSink sink = new InMemoryResponseEventSink();
        try (SmsGateway gateway = new SmsGateway(p, new SlidingWindowRateLimiter(0, Duration.ZERO), () -> sink);
             CamelContext camel = new DefaultCamelContext()) {
            gateway.start();
            camel.getRegistry().bind("smsSend", new SmsSendProcessor(gateway));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:campaign-sms").routeId("campaign-sms-to-smsc").to("kamelet:sms-send-action");
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();

            Exchange out = template.request("direct:campaign-sms", e -> {
                e.getMessage().setBody("您好，本月流量包半价，回复TD退订");
                e.getMessage().setHeaders(Map.of(SmsConstants.MSISDN, "13812345678", SmsConstants.CAMPAIGN_ID, "C42",
                        SmsConstants.CONTACT_ID, "K7"));
            });
            SmsSendResult result = out.getMessage().getBody(SmsSendResult.class);
            assertThat(result.status()).isEqualTo(SmsSendResult.Status.SENT);
            assertThat(out.getMessage().getHeader(SmsConstants.STATUS)).isEqualTo("SENT");
            assertThat(out.getMessage().getHeader(SmsConstants.PARTS)).isEqualTo(1);
            assertThat(smsc.submits()).singleElement().satisfies(s -> {
                assertThat(s.destination()).isEqualTo("13812345678");
                assertThat(new String(s.shortMessage(), StandardCharsets.UTF_16BE)).startsWith("您好");
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.events().size() == 1);
            ResponseEvent receipt = sink.events().get(0);
            assertThat(receipt.campaignId()).isEqualTo("C42");
            assertThat(receipt.ref()).isEqualTo(result.messageIds().get(0));

            SmsSendResult fromMap = template.requestBody("direct:campaign-sms", Map.of("msisdn", "13812345679",
                    "text", "Hello", "campaignId", "C42", "contactId", "K9"), SmsSendResult.class);
            assertThat(fromMap.status()).isEqualTo(SmsSendResult.Status.SENT);
            assertThat(smsc.submits()).extracting(SmscSimulator.Submit::destination).contains("13812345679");

            SmsSendResult bad = template.requestBodyAndHeader("direct:campaign-sms",
                    new SmsMessage("12345", "hi", null, "C42", "K8"), "ignored", "x", SmsSendResult.class);
            assertThat(bad.status()).isEqualTo(SmsSendResult.Status.FAILED);
            assertThat(bad.reason()).contains("BAD_MSISDN");
        }
    }
}

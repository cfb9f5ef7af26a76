package com.carrier.hub.connector.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.carrier.hub.testkit.SimulatorExtension;

/** The gateway against the real jSMPP SMSC simulator: sending, receipts, replies, bad input, faults. */
class SmsGatewayIT {

    @RegisterExtension
    static final SimulatorExtension<SmscSimulator> SMSC =
            new SimulatorExtension<>(new SmscSimulator("hub", "hubpass1", 0));

    private final InMemoryResponseEventSink sink = new InMemoryResponseEventSink();
    private final List<SmsGateway> gateways = new ArrayList<>();
    private SmscSimulator smsc;

    @BeforeEach
    void reset() {
        smsc = SMSC.simulator();
        smsc.clearRecords();
        smsc.licensedRate(0).responseLatency(Duration.ZERO).receipts(true).receiptMix(1.0, 0.0)
                .earlyReceipts(0.0, Duration.ofMillis(20)).receiptDelay(Duration.ZERO)
                .messageIdFormat(SmscSimulator.IdFormat.DECIMAL, SmscSimulator.IdFormat.DECIMAL)
                .rejectDestinations(d -> false, 0).failNextSubmits(0, 0).redelivery(Duration.ofMillis(100), 5)
                .silentSubmits(1.0);
        smsc.answering(true);
    }

    @AfterEach
    void closeGateways() {
        // Receipts still on their way would reach the next case's gateway as unknown ids.
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.receiptsPending() == 0);
        gateways.forEach(SmsGateway::close);
        smsc.answering(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.boundSessions() == 0);
    }

    private SmsGateway gateway(Consumer<SmsProperties> custom) {
        SmsProperties p = new SmsProperties();
        p.setHost("127.0.0.1");
        p.setPort(smsc.port());
        p.setSystemId("hub");
        p.setPassword("hubpass1");
        p.setLicensedRate(0);
        p.setRebindBackoff(Duration.ofMillis(100));
        p.setRebindMaxBackoff(Duration.ofMillis(400));
        p.setThrottleBackoff(Duration.ofMillis(20));
        p.setThrottleMaxBackoff(Duration.ofMillis(200));
        custom.accept(p);
        SmsGateway g = new SmsGateway(p, new SlidingWindowRateLimiter(p.getLicensedRate(), p.getRateGuard()),
                () -> sink);
        gateways.add(g);
        g.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> g.boundSessions() == p.getBinds());
        return g;
    }

    private static SmsMessage sms(String msisdn, String text) {
        return new SmsMessage(msisdn, text, "10658001", "C1", "K-" + msisdn);
    }

    @Test
    void chineseLongAndGsmMessagesReachTheSmscEncodedAndSplit() {
        SmsGateway g = gateway(p -> { });
        String chinese = "您好，" + "这是一条很长的营销短信内容".repeat(12);
        SmsSendResult shortCn = g.send(sms("13800000001", "您好，回复TD退订"));
        SmsSendResult longCn = g.send(sms("13800000002", chinese));
        SmsSendResult latin = g.send(sms("13800000003", "Hello ".repeat(30)));

        assertThat(shortCn.status()).isEqualTo(SmsSendResult.Status.SENT);
        assertThat(shortCn.parts()).isEqualTo(1);
        assertThat(longCn.parts()).isEqualTo((chinese.length() + 66) / 67);
        assertThat(longCn.messageIds()).hasSize(longCn.parts()).doesNotHaveDuplicates();
        assertThat(latin.parts()).isEqualTo(2);

        List<SmscSimulator.Submit> submits = smsc.submits();
        SmscSimulator.Submit first = submits.stream().filter(s -> s.destination().equals("13800000001")).findFirst()
                .orElseThrow();
        assertThat(first.dataCoding()).isEqualTo((byte) 8);
        assertThat(first.esmClass()).isEqualTo((byte) 0);
        assertThat(first.registeredDelivery()).isEqualTo((byte) 1);
        assertThat(first.source()).isEqualTo("10658001");
        assertThat(new String(first.shortMessage(), StandardCharsets.UTF_16BE)).isEqualTo("您好，回复TD退订");

        List<SmscSimulator.Submit> parts = submits.stream().filter(s -> s.destination().equals("13800000002"))
                .sorted((a, b) -> Byte.compare(a.shortMessage()[5], b.shortMessage()[5])).toList();
        assertThat(parts).hasSize(longCn.parts());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            byte[] sm = parts.get(i).shortMessage();
            assertThat(parts.get(i).esmClass()).isEqualTo((byte) 0x40);
            assertThat(sm[3]).as("shared reference").isEqualTo(parts.get(0).shortMessage()[3]);
            assertThat(sm[4]).isEqualTo((byte) parts.size());
            assertThat(sm[5]).isEqualTo((byte) (i + 1));
            text.append(new String(Arrays.copyOfRange(sm, 6, sm.length), StandardCharsets.UTF_16BE));
        }
        assertThat(text.toString()).isEqualTo(chinese);
        assertThat(submits.stream().filter(s -> s.destination().equals("13800000003")))
                .allMatch(s -> s.dataCoding() == 0 && s.esmClass() == 0x40);
    }

    @Test
    void badInputFailsNamingTheProblemAndGoodMessagesBesideStillGo() {
        SmsGateway g = gateway(p -> p.setMaxParts(2));
        SmsSendResult badMsisdn = g.send(sms("2380000000", "hi"));
        SmsSendResult empty = g.send(sms("13800000010", "  "));
        SmsSendResult tooLong = g.send(sms("13800000011", "长".repeat(200)));
        SmsSendResult good = g.send(sms("13800000012", "好"));

        assertThat(badMsisdn.status()).isEqualTo(SmsSendResult.Status.FAILED);
        assertThat(badMsisdn.reason()).contains("BAD_MSISDN").contains("<10 chars>");
        assertThat(empty.reason()).contains("EMPTY_TEXT").contains("138****0010");
        assertThat(tooLong.reason()).contains("TOO_LONG").contains("needs 3 parts").contains("max-parts=2");
        assertThat(good.status()).isEqualTo(SmsSendResult.Status.SENT);
        assertThat(smsc.submits()).extracting(SmscSimulator.Submit::destination).containsExactly("13800000012");
    }

    @Test
    void refusedSubmitFailsThatMessageWithTheStatusAsReason() {
        smsc.rejectDestinations(d -> d.equals("13900000000"), 0x0B);
        SmsGateway g = gateway(p -> { });
        CompletableFuture<SmsSendResult> bad = g.sendAsync(sms("13900000000", "x"));
        CompletableFuture<SmsSendResult> ok = g.sendAsync(sms("13900000001", "y"));
        assertThat(bad.join().status()).isEqualTo(SmsSendResult.Status.FAILED);
        assertThat(bad.join().reason()).contains("ESME_RINVDSTADR (0x0000000b)").contains("139****0000");
        assertThat(ok.join().status()).isEqualTo(SmsSendResult.Status.SENT);
    }

    @Test
    void throttledAndQueueFullSubmitsAreResubmittedAndNothingIsLost() {
        smsc.licensedRate(40).receipts(false);
        SmsGateway g = gateway(p -> p.setBinds(2));
        smsc.failNextSubmits(3, 0x14);
        List<CompletableFuture<SmsSendResult>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            results.add(g.sendAsync(sms(String.format("137%08d", i), "msg " + i)));
        }
        results.forEach(f -> assertThat(f.join().status()).isEqualTo(SmsSendResult.Status.SENT));
        assertThat(smsc.throttledSubmits()).as("the SMSC throttled some").isPositive();
        long accepted = smsc.submits().stream().filter(SmscSimulator.Submit::accepted).count();
        assertThat(accepted).as("each message accepted exactly once").isEqualTo(100);
        assertThat(smsc.submits().stream().filter(SmscSimulator.Submit::accepted)
                .map(SmscSimulator.Submit::destination).distinct().count()).isEqualTo(100);
        assertThat(g.statistics().throttled()).isGreaterThanOrEqualTo(smsc.throttledSubmits() + 3);
    }

    @Test
    void licensedRateIsNeverExceededInAnyOneSecondWindowAcrossBindsAndParts() {
        smsc.licensedRate(0).receipts(false);
        SmsGateway g = gateway(p -> {
            p.setBinds(3);
            p.setLicensedRate(60);
        });
        List<CompletableFuture<SmsSendResult>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String text = i % 3 == 0 ? "长".repeat(100) : "短信" + i; // a third need two parts
            results.add(g.sendAsync(sms(String.format("136%08d", i), text)));
        }
        results.forEach(f -> assertThat(f.join().status()).isEqualTo(SmsSendResult.Status.SENT));
        List<SmscSimulator.Submit> submits = smsc.submits();
        long spanMs = (submits.stream().mapToLong(SmscSimulator.Submit::receivedNanos).max().orElse(0)
                - submits.stream().mapToLong(SmscSimulator.Submit::receivedNanos).min().orElse(0)) / 1_000_000;
        assertThat(submits).as("submits over %d ms", spanMs).hasSize(134);
        assertThat(smsc.maxSubmitsInAnyOneSecondWindow()).as("busiest second of %d submits over %d ms", 134, spanMs)
                .isLessThanOrEqualTo(60);
    }

    @Test
    void receiptsAreMatchedEvenBeforeTheSubmitRespAndTheLastPartDecides() {
        smsc.earlyReceipts(0.5, Duration.ofMillis(30)).receiptMix(0.5, 0.5);
        SmsGateway g = gateway(p -> { });
        List<CompletableFuture<SmsSendResult>> results = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            results.add(g.sendAsync(sms(String.format("135%08d", i), i % 5 == 0 ? "长".repeat(90) : "短信" + i)));
        }
        results.forEach(f -> assertThat(f.join().status()).isEqualTo(SmsSendResult.Status.SENT));
        await().atMost(Duration.ofSeconds(10)).until(() -> smsc.receiptsAcknowledged() >= 36);

        // one event per message, plus one per earlier part of the six two-part messages, stored as a part (issue 18:
        // the only record that the part reached the SMSC, should the hub die before the last part's receipt)
        List<ResponseEvent> parts = sink.events().stream().filter(e -> e.detail().startsWith("part:")).toList();
        assertThat(parts).hasSize(6).allMatch(e -> e.detail().startsWith("part:1/2 of:" + e.ref() + " stat:")
                && e.campaignId().equals("C1"));
        List<ResponseEvent> events = sink.events().stream().filter(e -> !e.detail().startsWith("part:")).toList();
        assertThat(events).hasSize(30).allMatch(e -> e.campaignId().equals("C1") && e.source().equals("sms"));
        assertThat(g.statistics().receiptsUnmatched()).isZero();
        assertThat(smsc.deliveries()).as("some receipts were sent before their submit_sm_resp")
                .anyMatch(SmscSimulator.Delivery::sentBeforeSubmitResp);
        for (int i = 0; i < 30; i++) {
            String msisdn = String.format("135%08d", i);
            SmsSendResult r = results.get(i).join();
            ResponseEvent e = events.stream().filter(x -> x.msisdn().equals(msisdn)).findFirst().orElseThrow();
            assertThat(e.ref()).isEqualTo(r.messageIds().get(0));
            assertThat(e.detail()).contains("contact:K-" + msisdn);
            String lastPartId = r.messageIds().get(r.messageIds().size() - 1);
            String lastStat = smsc.deliveries().stream().filter(d -> d.messageId().equals(lastPartId)).findFirst()
                    .orElseThrow().stat();
            assertThat(e.type()).isEqualTo(lastStat.equals("DELIVRD") ? ResponseEvent.Type.DELIVERED
                    : ResponseEvent.Type.UNDELIVERED);
            assertThat(e.eventId()).isEqualTo("dlr:" + lastPartId + ":" + lastStat);
            if (r.parts() == 2) {
                assertThat(e.detail()).contains("parts:2");
            }
        }
    }

    @Test
    void hexIdsInSubmitRespMatchDecimalIdsInReceipts() {
        smsc.messageIdFormat(SmscSimulator.IdFormat.HEX, SmscSimulator.IdFormat.DECIMAL);
        SmsGateway g = gateway(p -> p.setSubmitResponseIdFormat(MessageIds.Format.HEX));
        SmsSendResult r = g.send(sms("13400000001", "hello"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.events().size() == 1);
        String hex = smsc.submits().get(0).messageId();
        assertThat(hex).matches("[0-9A-F]+");
        assertThat(r.messageIds()).containsExactly(new java.math.BigInteger(hex, 16).toString());
        assertThat(sink.events().get(0).ref()).isEqualTo(r.messageIds().get(0));
        assertThat(sink.events().get(0).campaignId()).isEqualTo("C1");
        assertThat(g.statistics().receiptsUnmatched()).isZero();
    }

    @Test
    void receiptForUnknownIdIsStoredAndReported() {
        SmsGateway g = gateway(p -> p.setReceiptMatchWait(Duration.ofMillis(200)));
        int status = smsc.injectReceipt("13300000001", "10658001", (byte) 0,
                "id:999999 sub:001 dlvrd:001 submit date:2611221530 done date:2611221531 stat:DELIVRD err:000 text:");
        assertThat(status).isZero();
        ResponseEvent e = sink.events().get(0);
        assertThat(e.ref()).isEqualTo("999999");
        assertThat(e.campaignId()).isNull();
        assertThat(e.msisdn()).isEqualTo("13300000001");
        assertThat(e.type()).isEqualTo(ResponseEvent.Type.DELIVERED);
        // the customer's MSISDN and the service code it was sent from let the ledger find the contact (issue 18)
        assertThat(e.detail()).isEqualTo("unmatched stat:DELIVRD err:000 to:10658001");
        assertThat(g.statistics().receiptsUnmatched()).isEqualTo(1);
        assertThat(g.details()).containsEntry("receiptsUnmatched", 1L).containsEntry("lastUnmatchedReceipt", "999999");
    }

    @Test
    void malformedReceiptIsRefusedPermanentlyAndReportedWhileGoodOnesFlow() {
        SmsGateway g = gateway(p -> { });
        int bad = smsc.injectReceipt("13300000002", "10658001", (byte) 0, "id:77 stat:DELIVRD (truncated");
        int good = smsc.injectReceipt("13300000002", "10658001", (byte) 0,
                "id:78 sub:001 dlvrd:001 submit date:2611221530 done date:2611221531 stat:UNDELIV err:005 text:");
        assertThat(bad).isEqualTo(0x65);
        assertThat(good).isZero();
        assertThat(sink.events()).singleElement().satisfies(e -> assertThat(e.ref()).isEqualTo("78"));
        assertThat(g.statistics().inboundRejected()).isEqualTo(1);
        assertThat(g.statistics().lastRejections().get(0)).contains("receipt from 133****0002")
                .contains("is not 'id:");
    }

    @Test
    void receiptInAnUnknownDataCodingIsReadAsAsciiAndNoted() {
        SmsGateway g = gateway(p -> p.setReceiptMatchWait(Duration.ofMillis(100)));
        int status = smsc.injectReceipt("13300000003", "10658001", (byte) 0x05,
                "id:4242 sub:001 dlvrd:001 submit date:2611221530 done date:2611221531 stat:EXPIRED err:001 text:");
        assertThat(status).isZero();
        assertThat(sink.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ResponseEvent.Type.UNDELIVERED);
            assertThat(e.detail()).contains("stat:EXPIRED").contains("unknown data_coding 0x05");
        });
        assertThat(g.statistics().inboundRejected()).isZero();
    }

    @Test
    void optOutKeywordsAndRepliesBecomeResponseEvents() {
        SmsGateway g = gateway(p -> { });
        assertThat(smsc.injectMo("13200000001", "10658001", "TD")).isZero();
        assertThat(smsc.injectMo("+8613200000002", "10658001", " qxtd ")).isZero();
        assertThat(smsc.injectMo("13200000003", "10658001", "0000")).isZero();
        assertThat(smsc.injectMo("13200000004", "10658001", "Y")).isZero();
        assertThat(smsc.injectMo("13200000005", "1065800123", "我要办理")).isZero();
        assertThat(smsc.injectMo("13200000006", "10658001", "TD please")).isZero();

        assertThat(sink.ofType(ResponseEvent.Type.UNSUBSCRIBED)).extracting(ResponseEvent::msisdn)
                .containsExactlyInAnyOrder("13200000001", "13200000002", "13200000003");
        assertThat(sink.ofType(ResponseEvent.Type.REPLIED)).extracting(ResponseEvent::msisdn, ResponseEvent::detail,
                ResponseEvent::ref).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("13200000004", "Y", "10658001"),
                org.assertj.core.groups.Tuple.tuple("13200000005", "我要办理", "1065800123"),
                org.assertj.core.groups.Tuple.tuple("13200000006", "TD please", "10658001"));
        assertThat(g.statistics().asMap()).containsEntry("optOuts", 3L).containsEntry("replies", 3L);
    }

    @Test
    void replyFromASourceThatIsNotAnMsisdnIsRefusedAndReported() {
        SmsGateway g = gateway(p -> { });
        assertThat(smsc.injectMo("10086", "10658001", "TD")).isEqualTo(0x65);
        assertThat(smsc.injectMo("13200000007", "10658001", "TD")).isZero();
        assertThat(sink.events()).extracting(ResponseEvent::msisdn).containsExactly("13200000007");
        assertThat(g.statistics().lastRejections().get(0)).contains("from source '<5 chars>' is not an MSISDN");
    }

    @Test
    void storeFailureAnswersWithAnErrorSoTheSmscDeliversAgain() {
        SmsGateway g = gateway(p -> { });
        sink.failNext(2);
        SmsSendResult r = g.send(sms("13100000001", "hi"));
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.deliveries().size() == 3);
        assertThat(sink.events()).singleElement().satisfies(e -> assertThat(e.ref()).isEqualTo(r.messageIds().get(0)));
        assertThat(smsc.deliveries()).extracting(SmscSimulator.Delivery::attempt, SmscSimulator.Delivery::commandStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0x64),
                        org.assertj.core.groups.Tuple.tuple(2, 0x64), org.assertj.core.groups.Tuple.tuple(3, 0));
        assertThat(g.statistics().asMap()).containsEntry("storeFailures", 2L);
    }

    @Test
    void droppedConnectionsAreReboundAndEveryMessageIsResolved() {
        smsc.receipts(false).responseLatency(Duration.ofMillis(5));
        SmsGateway g = gateway(p -> {
            p.setBinds(2);
            p.setResponseTimeout(Duration.ofMillis(500));
        });
        int before = smsc.bindsAccepted();
        List<CompletableFuture<SmsSendResult>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(g.sendAsync(sms(String.format("131%08d", i), "m" + i)));
            if (i == 60) {
                smsc.dropConnections();
            }
        }
        List<SmsSendResult> done = results.stream().map(CompletableFuture::join).toList();
        assertThat(done).allMatch(r -> r.status() != SmsSendResult.Status.FAILED);
        long sent = done.stream().filter(SmsSendResult::sent).count();
        long unknown = done.stream().filter(r -> r.status() == SmsSendResult.Status.OUTCOME_UNKNOWN).count();
        assertThat(sent + unknown).isEqualTo(200);
        assertThat(unknown).as("at most the in-flight window is unknown").isLessThanOrEqualTo(2 * 10);
        assertThat(smsc.bindsAccepted()).isGreaterThanOrEqualTo(before + 2);
        long accepted = smsc.submits().stream().filter(SmscSimulator.Submit::accepted).count();
        assertThat(accepted).as("no message SENT twice; unknown ones not resubmitted").isLessThanOrEqualTo(200);
        assertThat(g.send(sms("13199999999", "after")).status()).isEqualTo(SmsSendResult.Status.SENT);
    }

    @Test
    void unbindFromTheSmscLeadsToARebind() {
        smsc.receipts(false);
        SmsGateway g = gateway(p -> p.setBinds(1));
        int before = smsc.bindsAccepted();
        smsc.unbindAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.bindsAccepted() > before && g.boundSessions() == 1);
        assertThat(g.send(sms("13000000001", "after unbind")).status()).isEqualTo(SmsSendResult.Status.SENT);
    }

    @Test
    void silentSmscMakesTheMessageOutcomeUnknownWithoutResubmitAndTheSuspectBindIsProbedAndRebound()
            throws Exception {
        smsc.receipts(false);
        SmsGateway g = gateway(p -> {
            p.setBinds(1);
            p.setResponseTimeout(Duration.ofMillis(300));
            p.setEnquireLinkInterval(Duration.ofMillis(200));
            p.setEnquireLinkMaxMissed(3);
        });
        int before = smsc.bindsAccepted();
        smsc.answering(false);
        SmsSendResult r = g.send(sms("13000000002", "into the void"));
        assertThat(r.status()).isEqualTo(SmsSendResult.Status.OUTCOME_UNKNOWN);
        assertThat(r.reason()).contains("no submit_sm_resp within 300 ms").contains("not resubmitted");
        SmsConnector connector = new SmsConnector(new SmsProperties(), g);
        await().atMost(Duration.ofSeconds(10)).until(() -> g.suspectBinds() == 1);
        com.carrier.hub.api.ConnectorHealth health = connector.probe();
        assertThat(health.status()).isEqualTo(com.carrier.hub.api.ConnectorHealth.Status.DOWN);
        assertThat(health.reason()).contains("answers no enquire_link").contains("no submit_sm_resp within 300 ms");
        // The probe's enquire_link goes unanswered too: the session is closed and bound again.
        await().atMost(Duration.ofSeconds(10)).until(() -> smsc.bindsAccepted() > before);
        smsc.answering(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> g.boundSessions() == 1 && g.suspectBinds() == 0);
        assertThat(smsc.submits().stream().filter(s -> s.destination().equals("13000000002")).count())
                .as("not resubmitted").isEqualTo(1);
        assertThat(g.send(sms("13000000003", "back")).status()).isEqualTo(SmsSendResult.Status.SENT);
    }

    @Test
    void resubmitOnTimeoutWhenConfiguredSendsAgainAndAcceptsTheDuplicate() {
        smsc.receipts(false);
        SmsGateway g = gateway(p -> {
            p.setBinds(1);
            p.setResponseTimeout(Duration.ofMillis(300));
            p.setResubmitOnTimeout(true);
        });
        smsc.answering(false);
        CompletableFuture<SmsSendResult> result = g.sendAsync(sms("13000000004", "again"));
        // The bind goes suspect at the timeout: the part waits for a healthy bind instead of going out again at once.
        await().atMost(Duration.ofSeconds(5)).until(() -> g.suspectBinds() == 1);
        assertThat(smsc.submits()).hasSize(1);
        smsc.answering(true);
        assertThat(result.join().status()).isEqualTo(SmsSendResult.Status.SENT);
        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.submits().size() >= 2);
        assertThat(smsc.submits()).extracting(SmscSimulator.Submit::destination).containsOnly("13000000004");
    }

    @Test
    void silenceCostsAtMostOneWindowPerBindHoweverLongItLastsAndSendingResumesByItself() throws Exception {
        smsc.receipts(false);
        int window = 4;
        Duration timeout = Duration.ofMillis(300);
        SmsGateway g = gateway(p -> {
            p.setBinds(2);
            p.setWindow(window);
            p.setResponseTimeout(timeout);
            p.setLicensedRate(100); // the campaign is still being sent when the SMSC goes silent
        });
        long shortSilence = silenceMidCampaign(g, "1370", timeout.multipliedBy(3), window, true);
        long longSilence = silenceMidCampaign(g, "1371", timeout.multipliedBy(10), window, false);
        assertThat(List.of(shortSilence, longSilence)).as("OUTCOME_UNKNOWN after a silence of 3 and of 10 timeouts")
                .allMatch(unknown -> unknown <= 2L * window);
    }

    /**
     * Queues 200 messages, makes the SMSC silent for {@code silence} once 30 are sent, then lets it answer again;
     * checks that no part is lost or sent twice and returns how many messages ended OUTCOME_UNKNOWN.
     */
    private long silenceMidCampaign(SmsGateway g, String prefix, Duration silence, int window, boolean checkHealth)
            throws Exception {
        int rebindsBefore = smsc.bindsAccepted();
        List<CompletableFuture<SmsSendResult>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(g.sendAsync(sms(prefix + String.format("%07d", i), "m" + i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> results.stream().filter(CompletableFuture::isDone).count()
                >= 30);
        smsc.answering(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> g.suspectBinds() == 2);
        long suspectFrom = System.currentTimeMillis();
        if (checkHealth) {
            com.carrier.hub.api.ConnectorHealth health = new SmsConnector(new SmsProperties(), g).probe();
            assertThat(health.status()).isEqualTo(com.carrier.hub.api.ConnectorHealth.Status.DOWN);
            assertThat(health.reason()).contains("answers no enquire_link on any of its 2 bind(s), sending waits");
            assertThat(health.details()).containsEntry("suspectBinds", 2);
            assertThat(health.details().get("suspect").toString()).contains("bind 1: no submit_sm_resp within 300 ms")
                    .contains("bind 2: no submit_sm_resp within 300 ms").doesNotContain(prefix);
        }
        // Throughout the silence what ends unknown stays within the submits that were in flight when it went silent,
        // and the suspect binds send nothing new (at most a submit written as its bind went suspect).
        await().during(silence).atMost(silence.plusSeconds(5)).untilAsserted(() -> {
            assertThat(received(prefix, suspectFrom)).as("submit_sm read once both binds were suspect")
                    .isLessThanOrEqualTo(2L * window);
            assertThat(unknown(results)).as("OUTCOME_UNKNOWN while silent").isLessThanOrEqualTo(2L * window);
        });
        smsc.answering(true);

        List<SmsSendResult> done = new ArrayList<>();
        for (CompletableFuture<SmsSendResult> f : results) {
            done.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertThat(done).as("nothing FAILED for the silence").noneMatch(r -> r.status() == SmsSendResult.Status.FAILED);
        long unknown = unknown(results);
        assertThat(done.stream().filter(SmsSendResult::sent).count() + unknown).isEqualTo(200);
        assertThat(done).filteredOn(r -> r.status() == SmsSendResult.Status.OUTCOME_UNKNOWN)
                .allMatch(r -> r.unknownParts() == 1 && r.parts() == 1 && r.messageIds().isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> g.suspectBinds() == 0 && g.boundSessions() == 2);
        assertThat(smsc.bindsAccepted()).as("the silent binds were bound again").isGreaterThan(rebindsBefore);

        java.util.Map<String, Long> acceptedPerCustomer = smsc.submits().stream()
                .filter(s -> s.accepted() && s.destination().startsWith(prefix))
                .collect(java.util.stream.Collectors.groupingBy(SmscSimulator.Submit::destination,
                        java.util.stream.Collectors.counting()));
        assertThat(acceptedPerCustomer.values()).as("nobody got the message twice").allMatch(n -> n == 1);
        for (int i = 0; i < 200; i++) {
            if (done.get(i).sent()) {
                assertThat(acceptedPerCustomer).containsEntry(prefix + String.format("%07d", i), 1L);
            }
        }
        return unknown;
    }

    @Test
    void oneSilentBindHandsItsWorkToTheHealthyOne() throws Exception {
        smsc.receipts(false).responseLatency(Duration.ofMillis(20)); // the campaign lasts about two seconds
        int window = 4;
        SmsGateway g = gateway(p -> {
            p.setBinds(2);
            p.setWindow(window);
            p.setResponseTimeout(Duration.ofMillis(300));
        });
        List<String> sessions = smsc.sessionIds();
        assertThat(sessions).hasSize(2);
        List<CompletableFuture<SmsSendResult>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            results.add(g.sendAsync(sms("1372" + String.format("%07d", i), "m" + i)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> results.stream().filter(CompletableFuture::isDone).count()
                >= 30);
        smsc.answering(sessions.get(0), false);
        long silentFrom = System.currentTimeMillis();

        List<SmsSendResult> done = new ArrayList<>();
        for (CompletableFuture<SmsSendResult> f : results) {
            done.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertThat(done).noneMatch(r -> r.status() == SmsSendResult.Status.FAILED);
        assertThat(unknown(results)).as("at most the silent bind's window is unknown").isLessThanOrEqualTo(window);
        List<SmscSimulator.Submit> afterSilence = smsc.submits().stream()
                .filter(s -> s.destination().startsWith("1372") && s.receivedMillis() >= silentFrom).toList();
        // A submit being answered as the silence began frees its submitter for one more: the silent session reads
        // at most two per submitter, not one window every response timeout.
        assertThat(afterSilence).filteredOn(s -> s.sessionId().equals(sessions.get(0)))
                .as("the silent session stopped getting submits").hasSizeLessThanOrEqualTo(2 * window);
        assertThat(afterSilence).filteredOn(s -> s.sessionId().equals(sessions.get(1)))
                .as("the healthy session carried the work meanwhile").hasSizeGreaterThan(30);
        await().atMost(Duration.ofSeconds(5)).until(() -> g.suspectBinds() == 0 && g.boundSessions() == 2);
        assertThat(g.send(sms("13720000999", "after")).status()).isEqualTo(SmsSendResult.Status.SENT);
    }

    private long received(String prefix, long sinceMillis) {
        return smsc.submits().stream()
                .filter(s -> s.destination().startsWith(prefix) && s.receivedMillis() >= sinceMillis).count();
    }

    private static long unknown(List<CompletableFuture<SmsSendResult>> results) {
        return results.stream().filter(f -> f.isDone() && f.join().status() == SmsSendResult.Status.OUTCOME_UNKNOWN)
                .count();
    }

    @Test
    void whatASilentSmscReadIsAcceptedOrLostAsConfiguredAndTheAcceptedGetTheirReceiptsOnceItAnswers() {
        SmsGateway g = gateway(p -> {
            p.setBinds(1);
            p.setWindow(4);
            p.setResponseTimeout(Duration.ofMillis(300));
            p.setReceiptMatchWait(Duration.ofMillis(100));
        });
        for (double acceptedShare : new double[] {0.0, 1.0}) {
            String prefix = acceptedShare == 0.0 ? "1373" : "1374";
            smsc.silentSubmits(acceptedShare);
            long lostBefore = smsc.lostSubmits();
            smsc.answering(false);
            List<CompletableFuture<SmsSendResult>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(g.sendAsync(sms(prefix + String.format("%07d", i), "m" + i)));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> unknown(results) == 4 && g.suspectBinds() == 1);
            List<SmscSimulator.Submit> read = smsc.submits().stream().filter(s -> s.destination().startsWith(prefix))
                    .toList();
            assertThat(read).as("recorded when read, silence or not").hasSize(4)
                    .allMatch(s -> acceptedShare == 0.0 ? s.commandStatus() == SmscSimulator.LOST && !s.accepted()
                            : s.accepted() && s.messageId() != null);
            smsc.answering(true);
            results.forEach(f -> assertThat(f.join().status()).isNotEqualTo(SmsSendResult.Status.FAILED));
            assertThat(smsc.lostSubmits() - lostBefore).isEqualTo(acceptedShare == 0.0 ? 4 : 0);
            if (acceptedShare == 1.0) {
                // The receipts of what it accepted while silent come once it answers; the hub knows no id for them.
                List<String> acceptedWhileSilent = read.stream().map(SmscSimulator.Submit::messageId).toList();
                await().atMost(Duration.ofSeconds(5)).until(() -> sink.events().stream()
                        .filter(e -> acceptedWhileSilent.contains(e.ref())).count() == 4);
                assertThat(sink.events()).filteredOn(e -> acceptedWhileSilent.contains(e.ref()))
                        .allMatch(e -> e.campaignId() == null && e.msisdn().startsWith(prefix));
            } else {
                List<String> lost = read.stream().map(SmscSimulator.Submit::destination).toList();
                await().atMost(Duration.ofSeconds(5)).until(() -> smsc.receiptsPending() == 0);
                assertThat(sink.events()).as("no receipt for a lost submit").noneMatch(e -> lost.contains(e.msisdn()));
            }
            assertThat(smsc.submits().stream().filter(s -> s.destination().startsWith(prefix) && s.accepted()))
                    .as("the six that waited were sent once, after the silence").hasSize(acceptedShare == 0.0 ? 6 : 10);
        }
    }
}

package com.carrier.hub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.slf4j.LoggerFactory;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.connector.sms.SlidingWindowRateLimiter;
import com.carrier.hub.connector.sms.SmsEncoder;
import com.carrier.hub.connector.sms.SmsGateway;
import com.carrier.hub.connector.sms.SmsMessage;
import com.carrier.hub.connector.sms.SmsProperties;
import com.carrier.hub.connector.sms.SmsSendResult;
import com.carrier.hub.simulators.smsc.SmscSimulator;

import ch.qos.logback.classic.Level;

/**
 * submit_sm per second from the SMS connector's Java API ({@link SmsGateway#sendAsync}, the campaign engine's path)
 * to the jSMPP SMSC simulator on loopback, no licensed rate, receipts on (some before their submit_sm_resp): 70% of
 * the messages are one Chinese part, 30% two. Every receipt must be matched to its message. In the same run a raw
 * jSMPP client (one session, {@code --raw-submitters} threads each blocking on its submit_sm_resp) sends the same
 * number of submit_sm to the same simulator: the baseline.
 */
public class SmsSendBench implements BenchScenario {

    private static final String ONE_PART = "尊敬的客户，您好！本月流量包限时半价，回复Y办理，回复TD退订。";
    private static final String TWO_PARTS = ONE_PART + "活动期间每位客户限办一次，详情请咨询10086或登录网上营业厅查看活动规则，感谢您的支持。";

    @Override
    public String name() {
        return "sms-send";
    }

    @Override
    public String usage() {
        return "submit_sm/s through SmsGateway vs a raw jSMPP client: --messages 200000 --binds 4 --window 10"
                + " --raw-submitters 16 --early-receipts 0.05 --warmup 10000";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.jsmpp")).setLevel(Level.OFF);
        int messages = options.getInt("messages", 200_000);
        int binds = options.getInt("binds", 4);
        int window = options.getInt("window", 10);
        int rawSubmitters = options.getInt("raw-submitters", 16);
        double early = Double.parseDouble(options.get("early-receipts", "0.05"));
        int warmup = options.getInt("warmup", 10_000);
        if (SmsEncoder.countParts(ONE_PART) != 1 || SmsEncoder.countParts(TWO_PARTS) != 2) {
            throw new IllegalStateException("bench texts must be one and two parts");
        }

        SmscSimulator smsc = new SmscSimulator("bench", "benchpw", 0, 0, 16, 8);
        smsc.recordSubmits(false).receiptMix(0.9, 0.07).earlyReceipts(early, Duration.ofMillis(2));
        smsc.start();
        try {
            CountingSink sink = new CountingSink();
            SmsProperties p = new SmsProperties();
            p.setHost("127.0.0.1");
            p.setPort(smsc.port());
            p.setSystemId("bench");
            p.setPassword("benchpw");
            p.setBinds(binds);
            p.setWindow(window);
            p.setLicensedRate(0);
            p.setQueueCapacity(4 * binds * window);
            SmsGateway gateway = new SmsGateway(p, new SlidingWindowRateLimiter(0, Duration.ZERO), () -> sink);
            gateway.start();
            long bindDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (gateway.boundSessions() < binds && System.nanoTime() < bindDeadline) {
                Thread.sleep(20);
            }

            // Warm-up (JIT, sessions) for both, not counted.
            hub(gateway, warmup, "W");
            raw(smsc, rawSubmitters, warmup);
            long submitsExpected = messages + countTwoPart(messages);
                System.out.printf("raw jSMPP client: %d submit_sm, %d submitters, one session%n", submitsExpected, rawSubmitters);
            double rawRate = raw(smsc, rawSubmitters, (int) submitsExpected);
            System.out.printf("raw: %.0f submit_sm/s%n", rawRate);

            long matchedBefore = gateway.statistics().receiptsMatched();
            long unmatchedBefore = gateway.statistics().receiptsUnmatched();
            long acceptedBeforeHub = smsc.acceptedSubmits();
            long[] latencies = new long[(int) submitsExpected + 1024];
            AtomicInteger latencyCount = new AtomicInteger();
            gateway.onSubmitLatency(n -> {
                int i = latencyCount.getAndIncrement();
                if (i < latencies.length) {
                    latencies[i] = n;
                }
            });
            PeakHeap.reset();
            System.out.printf("hub SmsGateway: %d messages (%d submit_sm), %d binds x window %d%n", messages,
                    submitsExpected, binds, window);
            long t0 = System.nanoTime();
            long[] outcome = hub(gateway, messages, "M");
            double seconds = (System.nanoTime() - t0) / 1e9;
            long hubSubmits = smsc.acceptedSubmits() - acceptedBeforeHub;
            double hubRate = hubSubmits / seconds;
            System.out.printf("hub: %d submit_sm in %.1f s = %.0f submit_sm/s; %d SENT, %d other%n", hubSubmits, seconds,
                    hubRate, outcome[0], outcome[1]);
            gateway.onSubmitLatency(null);

            long receiptDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (gateway.statistics().receiptsMatched() - matchedBefore < outcome[0]
                    && System.nanoTime() < receiptDeadline) {
                Thread.sleep(100);
            }
            long matched = gateway.statistics().receiptsMatched() - matchedBefore;
            long unmatched = gateway.statistics().receiptsUnmatched() - unmatchedBefore;
            int n = Math.min(latencyCount.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            double p99 = n == 0 ? 0 : sorted[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6;
            double p50 = n == 0 ? 0 : sorted[n / 2] / 1e6;
            gateway.close();

            Map<String, Object> r = new LinkedHashMap<>();
            r.put("messages", messages);
            r.put("submits", hubSubmits);
            r.put("hub_submit_per_s", Math.round(hubRate));
            r.put("raw_submit_per_s", Math.round(rawRate));
            r.put("hub_vs_raw_pct", Math.round(100 * hubRate / rawRate));
            r.put("p50_submit_ms", String.format("%.2f", p50));
            r.put("p99_submit_ms", String.format("%.2f", p99));
            r.put("sent", outcome[0]);
            r.put("not_sent", outcome[1]);
            r.put("receipts_matched", matched);
            r.put("receipts_matched_pct", String.format("%.2f", outcome[0] == 0 ? 0 : 100.0 * matched / outcome[0]));
            r.put("receipts_unmatched", unmatched);
            r.put("binds", binds);
            r.put("window", window);
            r.put("raw_submitters", rawSubmitters);
            r.put("peak_heap_mib", PeakHeap.peakMiB());
            return r;
        } finally {
            smsc.stop();
        }
    }

    private static long countTwoPart(int messages) {
        long n = 0;
        for (int i = 0; i < messages; i++) {
            if (i % 10 < 3) {
                n++;
            }
        }
        return n;
    }

    /** Sends through the gateway with at most 4 x binds x window messages outstanding; returns {sent, other}. */
    private static long[] hub(SmsGateway gateway, int messages, String tag) throws InterruptedException {
        Semaphore outstanding = new Semaphore(20_000);
        AtomicLong sent = new AtomicLong();
        AtomicLong other = new AtomicLong();
        CountDownLatch done = new CountDownLatch(messages);
        for (int i = 0; i < messages; i++) {
            outstanding.acquire();
            String msisdn = "13" + String.format("%09d", i);
            String text = i % 10 < 3 ? TWO_PARTS : ONE_PART;
            CompletableFuture<SmsSendResult> f = gateway.sendAsync(new SmsMessage(msisdn, text, "10658001",
                    "BENCH-" + tag, tag + i));
            f.whenComplete((res, err) -> {
                if (res != null && res.sent()) {
                    sent.incrementAndGet();
                } else {
                    other.incrementAndGet();
                }
                outstanding.release();
                done.countDown();
            });
        }
        done.await();
        return new long[] {sent.get(), other.get()};
    }

    /** A plain jSMPP client: one session, {@code submitters} threads each blocking on its submit_sm_resp. */
    private static double raw(SmscSimulator smsc, int submitters, int submits) throws Exception {
        int port = smsc.port();
        SMPPSession session = new SMPPSession();
        session.setPduProcessorDegree(submitters);
        session.setTransactionTimer(10_000);
        session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(org.jsmpp.bean.DeliverSm deliverSm) {
            }

            @Override
            public void onAcceptAlertNotification(org.jsmpp.bean.AlertNotification alertNotification) {
            }

            @Override
            public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm dataSm,
                                                                  org.jsmpp.session.Session source) {
                return null;
            }
        });
        session.connectAndBind("127.0.0.1", port, new BindParameter(BindType.BIND_TRX, "bench", "benchpw", "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), 10_000);
        byte[] body = ONE_PART.getBytes(java.nio.charset.StandardCharsets.UTF_16BE);
        AtomicInteger next = new AtomicInteger();
        AtomicLong failed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < submitters; t++) {
            Thread th = new Thread(() -> {
                while (next.getAndIncrement() < submits) {
                    try {
                        session.submitShortMessage("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, "10658001",
                                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, "13800138000", new ESMClass(),
                                (byte) 0, (byte) 0, null, null, new RegisteredDelivery(1), (byte) 0,
                                DataCodings.newInstance((byte) 8), (byte) 0, body);
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }, "raw-submitter-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // The receipts of this run go to this session: let them all be acknowledged before unbinding.
        awaitReceipts(smsc, Duration.ofSeconds(60));
        session.unbindAndClose();
        if (failed.get() > 0) {
            System.out.printf("raw: %d submit_sm failed%n", failed.get());
        }
        return (submits - failed.get()) / seconds;
    }

    private static void awaitReceipts(SmscSimulator smsc, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = smsc.receiptsAcknowledged();
            if (now == last) {
                return;
            }
            last = now;
            Thread.sleep(300);
        }
    }

    /** The hub's response store stand-in: counts what it is given (a JDBC store is measured elsewhere). */
    private static final class CountingSink implements ResponseEventSink {
        final AtomicLong events = new AtomicLong();

        @Override
        public int append(List<ResponseEvent> batch) {
            events.addAndGet(batch.size());
            return batch.size();
        }
    }
}

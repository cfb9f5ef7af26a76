package com.carrier.hub.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.slf4j.LoggerFactory;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.connector.sms.SlidingWindowRateLimiter;
import com.carrier.hub.connector.sms.SmsGateway;
import com.carrier.hub.connector.sms.SmsMessage;
import com.carrier.hub.connector.sms.SmsProperties;
import com.carrier.hub.connector.sms.SmsSendResult;
import com.carrier.hub.connector.sms.SubmitRateLimiter;
import com.carrier.hub.simulators.smsc.SmscSimulator;

import ch.qos.logback.classic.Level;

/**
 * The licensed rate held under load: the SMS connector sends {@code tps x seconds} submit_sm (70% one-part, 30%
 * two-part messages, every part counted) through {@code --binds} binds to the SMSC simulator, which enforces the same
 * licence (ESME_RTHROTTLED above it) and records the arrival time of every submit_sm. Reports the largest count in any
 * sliding one-second window (must not exceed tps), the mean rate over the run (must be within 2% of tps) and how many
 * submits the SMSC throttled.
 */
public class SmsRateBench implements BenchScenario {

    private static final String ONE_PART = "尊敬的客户，您好！本月流量包限时半价，回复Y办理，回复TD退订。";
    private static final String TWO_PARTS = ONE_PART + "活动期间每位客户限办一次，详情请咨询10086或登录网上营业厅查看活动规则，感谢您的支持。";

    @Override
    public String name() {
        return "sms-rate";
    }

    @Override
    public String usage() {
        return "licensed rate held over all binds: --tps 500 --seconds 60 --binds 4 --window 10 --guard-ms 0";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.jsmpp")).setLevel(Level.OFF);
        int tps = options.getInt("tps", 500);
        int seconds = options.getInt("seconds", 60);
        int binds = options.getInt("binds", 4);
        int window = options.getInt("window", 10);
        int guardMs = options.getInt("guard-ms", 0);
        long submitsWanted = (long) tps * seconds;

        SmscSimulator smsc = new SmscSimulator("bench", "benchpw", tps, 0, 8, 8);
        smsc.receipts(true).receiptMix(0.9, 0.07).earlyReceipts(0.05, Duration.ofMillis(2));
        smsc.start();
        SmsProperties p = new SmsProperties();
        p.setHost("127.0.0.1");
        p.setPort(smsc.port());
        p.setSystemId("bench");
        p.setPassword("benchpw");
        p.setBinds(binds);
        p.setWindow(window);
        p.setLicensedRate(tps);
        p.setRateGuard(Duration.ofMillis(guardMs));
        ResponseEventSink sink = (List<ResponseEvent> events) -> events.size();
        WriteTimes writes = new WriteTimes(new SlidingWindowRateLimiter(tps, p.getRateGuard()));
        try (SmsGateway gateway = new SmsGateway(p, writes, () -> sink)) {
            gateway.start();
            long bindDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (gateway.boundSessions() < binds && System.nanoTime() < bindDeadline) {
                Thread.sleep(20);
            }
            // Warm-up (JIT, sessions, the limiter's ring in steady state): two seconds at the rate, not counted.
            List<CompletableFuture<SmsSendResult>> warm = new ArrayList<>();
            for (int w = 0; w < 2 * tps; w++) {
                warm.add(gateway.sendAsync(new SmsMessage("13" + String.format("%09d", w), ONE_PART, "10658001",
                        "WARM", "W" + w)));
            }
            warm.forEach(CompletableFuture::join);
            smsc.clearRecords();
            List<CompletableFuture<SmsSendResult>> results = new ArrayList<>();
            long parts = 0;
            int i = 0;
            long t0 = System.nanoTime();
            while (parts < submitsWanted) {
                boolean two = i % 10 < 3 && parts + 2 <= submitsWanted;
                results.add(gateway.sendAsync(new SmsMessage("13" + String.format("%09d", i), two ? TWO_PARTS : ONE_PART,
                        "10658001", "RATE", "R" + i)));
                parts += two ? 2 : 1;
                i++;
            }
            long sent = results.stream().map(CompletableFuture::join).filter(SmsSendResult::sent).count();
            double elapsed = (System.nanoTime() - t0) / 1e9;

            List<SmscSimulator.Submit> submits = smsc.submits();
            long[] t = submits.stream().mapToLong(SmscSimulator.Submit::receivedNanos).sorted().toArray();
            int maxWindow = smsc.maxSubmitsInAnyOneSecondWindow();
            double mean = t.length < 2 ? 0 : (t.length - 1) / ((t[t.length - 1] - t[0]) / 1e9);
            // Per whole second since the first submit (the SMSC's fixed windows), ignoring the partial last second.
            int fullSeconds = (int) ((t[t.length - 1] - t[0]) / 1_000_000_000L);
            int[] perSecond = new int[fullSeconds + 1];
            for (long x : t) {
                perSecond[(int) ((x - t[0]) / 1_000_000_000L)]++;
            }
            int minSecond = Integer.MAX_VALUE;
            int maxSecond = 0;
            for (int s = 0; s < fullSeconds; s++) {
                minSecond = Math.min(minSecond, perSecond[s]);
                maxSecond = Math.max(maxSecond, perSecond[s]);
            }
            System.out.println("submit_sm per whole second: " + java.util.Arrays.toString(perSecond));
            System.out.println("gateway: " + gateway.statistics().asMap());
            System.out.printf("%d messages, %d submit_sm in %.1f s; per-second %d..%d; max sliding 1 s window %d at the"
                    + " SMSC (arrival), %d at the hub (answered)%n", results.size(), t.length, elapsed, minSecond,
                    maxSecond, maxWindow, writes.maxInAnyOneSecond());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("tps", tps);
            r.put("seconds", seconds);
            r.put("messages", results.size());
            r.put("sent", sent);
            r.put("submits", t.length);
            r.put("max_1s_window", maxWindow);
            r.put("max_1s_window_hub_answered", writes.maxInAnyOneSecond());
            r.put("within_licence", maxWindow <= tps);
            r.put("mean_per_s", String.format("%.1f", mean));
            r.put("mean_vs_tps_pct", String.format("%.2f", 100.0 * mean / tps));
            r.put("min_whole_second", minSecond);
            r.put("max_whole_second", maxSecond);
            r.put("smsc_throttled", smsc.throttledSubmits());
            r.put("binds", binds);
            r.put("guard_ms", guardMs);
            return r;
        } finally {
            smsc.stop();
        }
    }

    /** The connector's limiter, noting when each permit's submit_sm was answered (the hub's side of the licence). */
    private static final class WriteTimes implements SubmitRateLimiter {
        private final SubmitRateLimiter delegate;
        private final java.util.concurrent.ConcurrentLinkedQueue<Long> times = new java.util.concurrent.ConcurrentLinkedQueue<>();

        WriteTimes(SubmitRateLimiter delegate) {
            this.delegate = delegate;
        }

        @Override
        public long acquire() throws InterruptedException {
            return delegate.acquire();
        }

        @Override
        public void release(long permit) {
            times.add(System.nanoTime());
            delegate.release(permit);
        }

        @Override
        public int ratePerSecond() {
            return delegate.ratePerSecond();
        }

        int maxInAnyOneSecond() {
            long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
            int max = 0;
            int from = 0;
            for (int i = 0; i < t.length; i++) {
                while (t[i] - t[from] >= 1_000_000_000L) {
                    from++;
                }
                max = Math.max(max, i - from + 1);
            }
            return max;
        }
    }
}

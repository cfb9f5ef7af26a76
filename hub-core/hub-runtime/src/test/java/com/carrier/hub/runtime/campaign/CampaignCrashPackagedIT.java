package com.carrier.hub.runtime.campaign;

import static com.carrier.hub.runtime.campaign.SmsCampaignFixture.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.carrier.hub.runtime.PackagedHub;
import com.carrier.hub.simulators.EmbeddedDatabase;
import com.carrier.hub.simulators.smsc.SmscSimulator;

/**
 * kill -9 of the hub at several points of a campaign's dispatch, then a restart (issue 18): every customer ends with
 * the whole message (one part for half of them, two for the other half, whose names are longer) exactly once — none
 * without it, none with it twice — and every receipt is matched,
 * judged by what the SMSC simulator itself accepted. Submits whose answer a kill lost are settled by their receipts
 * (matched by MSISDN and service code); contacts that never reached the SMSC, or reached it with one part only, are
 * sent again once their receipt window closes without a receipt. The SMSC and the database live in this JVM and
 * outlive the hub, as real ones would; the SMSC redelivers receipts until a bind takes them.
 * <p>
 * Where each kill landed is read from the database and the SMSC after the kill, and the test requires that, over the
 * kills, every point of dispatch was hit: (1) contacts CLAIMED, (2) SUBMITTING committed with nothing submitted,
 * (3) submits in flight (the SMSC accepted them, its answer never reached the hub: one kill comes while the SMSC is
 * silent), (4) every part accepted and answered but the outcome not stored, (5) one part of two accepted. The SMSC
 * holds chosen parts unanswered before one kill, so that kill finds 1, 2, 4 and 5 however fast the hub sends.
 */
class CampaignCrashPackagedIT {

    private static final int CUSTOMERS = 300;
    /** 66 UCS-2 characters with a two-character name (one part), 76 with a twelve-character one (two parts of 67). */
    private static final String TEMPLATE = "${name}，您好！" + "您的5G套餐升级优惠已到，本月办理即享每月流量翻倍、通话时长加赠，详情请咨询营业厅或回复Y办理。"
            .repeat(2).substring(0, 60);

    @TempDir
    Path work;

    private final SmscSimulator smsc = new SmscSimulator("hub", "crash-pw", 60);
    private PackagedHub hub;

    @AfterEach
    void stop() throws InterruptedException {
        if (hub != null) {
            hub.kill();
        }
        smsc.stop();
    }

    @Test
    void killedAtFivePointsOfDispatchEveryCustomerGetsTheWholeMessageOnceAndEveryReceiptIsMatched() throws Exception {
        // receipts come independently of the submit_sm_resp (so an answer lost to a kill loses no receipt) and are
        // redelivered for two minutes while no bind takes them
        smsc.receiptDelay(Duration.ofMillis(50)).redelivery(Duration.ofSeconds(1), 120);
        smsc.start();
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("crash");
        // while the kills go on, no contact's receipt window closes: a contact sent again (once) and caught again by a
        // kill would stand OUTCOME_UNKNOWN for good, as it must, and the test could not ask that everyone got the message
        hub = new PackagedHub(work, hubArgs(db, Duration.ofMinutes(30)));
        hub.start(Duration.ofSeconds(120));

        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
        String list = SmsCampaignFixture.customers(jdbc, "137", CUSTOMERS, 3);
        jdbc.update("UPDATE customer SET cust_name = '欧阳' || repeat('客', 10) WHERE msisdn LIKE '137%' AND right(msisdn, 1) IN ('1', '3', '5', '7', '9')");
        // 1: between the parts of long messages, whatever the speed, while most of the list is still to send: the SMSC
        // holds, unanswered, every second part and every part to customers whose number ends in 0, so the slices in hand
        // stall with one-part contacts accepted whole (4), long ones with one part of two (5), held ones with nothing
        // accepted (2), and the rest of the round's claim still CLAIMED (1); the hub dies there, and the submits held
        // in its session are lost with it
        smsc.holdSubmits((destination, part) -> part == 2 || destination.endsWith("0"));
        SmsCampaignFixture.start(hub, "CRASH-1", list, TEMPLATE);
        List<Map<String, Long>> kills = new ArrayList<>();
        waitFor(() -> points(jdbc).entrySet().stream().filter(p -> !p.getKey().startsWith("3"))
                .allMatch(p -> p.getValue() > 0), Duration.ofSeconds(60));
        kills.add(killAndSurvey(jdbc, "held between parts"));
        waitFor(() -> smsc.heldSubmits() == 0, Duration.ofSeconds(10));
        smsc.holdSubmits((destination, part) -> false);
        // 2: the SMSC goes silent with a window of submits in its hands; the hub dies before it answers
        hub.start(Duration.ofSeconds(120));
        long before = smsc.acceptedSubmits();
        waitFor(() -> smsc.acceptedSubmits() >= before + 40, Duration.ofSeconds(60));
        // (the submits the first kill left accepted and unanswered are not this kill's)
        long unansweredBefore = unanswered();
        smsc.answering(false);
        // a submit the silent SMSC read and accepted but has not answered: the hub's answer is in its hands
        waitFor(() -> unanswered() > unansweredBefore, Duration.ofSeconds(30));
        hub.kill();
        // the SMSC answers again only once it has seen the hub's sessions close, so the held answers are lost for
        // certain (released before, they could still be written into a socket whose peer was dead)
        waitFor(() -> smsc.boundSessions() == 0, Duration.ofSeconds(10));
        smsc.answering(true);
        waitFor(() -> unanswered() > unansweredBefore, Duration.ofSeconds(10));
        kills.add(survey(jdbc, "SMSC silent"));
        // 3: mid-dispatch, later in the list
        hub.start(Duration.ofSeconds(120));
        long before3 = smsc.acceptedSubmits();
        waitFor(() -> smsc.acceptedSubmits() >= before3 + 60, Duration.ofSeconds(60));
        kills.add(killAndSurvey(jdbc, "mid-dispatch"));

        // the last start closes the receipt windows: what no receipt settles within a minute is sent again, once
        hub = new PackagedHub(work, hubArgs(db, Duration.ofSeconds(60)));
        hub.start(Duration.ofSeconds(120));
        try {
            waitFor(() -> count(jdbc, "SELECT count(*) FROM campaign_contact WHERE campaign_id = 'CRASH-1' AND status <> 'SENT'") == 0
                    && smsc.receiptsPending() == 0
                    && count(jdbc, "SELECT count(*) FROM response_attribution WHERE outcome = 'UNMATCHED'") == 0,
                    Duration.ofSeconds(150));
        } finally {
            System.out.printf("crash test: contacts %s, ledger %s, receipts pending at the SMSC %d%n",
                    jdbc.queryForList("SELECT status || coalesce(' ' || reason, '') || ' resent ' || resent || ': ' || count(*) FROM campaign_contact"
                            + " GROUP BY status, reason, resent", String.class),
                    jdbc.queryForList("SELECT outcome || ': ' || count(*) FROM response_attribution GROUP BY outcome",
                            String.class), smsc.receiptsPending());
            jdbc.query("""
                    SELECT e.event_id, e.event_time, e.received_at, e.detail, c.status, c.resent, c.parts, c.message_ids::text,
                           c.contacted_at, c.updated_at
                      FROM response_attribution a JOIN response_event e ON e.id = a.event_id
                      LEFT JOIN campaign_contact c ON c.msisdn = e.msisdn WHERE a.outcome = 'UNMATCHED'""", rs -> {
                        System.out.printf("crash test: unmatched %s time %s received %s '%s', contact %s resent %s parts %s"
                                + " ids %s contacted %s updated %s%n", rs.getString(1), rs.getTimestamp(2), rs.getTimestamp(3),
                                rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getInt(7), rs.getString(8),
                                rs.getTimestamp(9), rs.getTimestamp(10));
                    });
        }

        Map<String, Long> hit = new TreeMap<>();
        kills.forEach(k -> k.forEach((point, n) -> hit.merge(point, n, Long::sum)));
        System.out.printf("crash test: per kill %s%n", kills);
        assertThat(hit).as("every point of dispatch was hit by some kill: %s", kills)
                .allSatisfy((point, n) -> assertThat(n).as(point).isPositive());

        Map<String, Integer> messages = wholeMessagesPerCustomer();
        assertThat(messages).as("every customer got the message").hasSize(CUSTOMERS);
        assertThat(messages.entrySet().stream().filter(e -> e.getValue() != 1).toList())
                .as("customers with the message twice (or not whole)").isEmpty();
        assertThat(count(jdbc, "SELECT count(*) FROM campaign_contact WHERE campaign_id = 'CRASH-1' AND status = 'SENT'"))
                .isEqualTo(CUSTOMERS);
        assertThat(count(jdbc, "SELECT count(*) FROM response_attribution WHERE outcome <> 'ATTRIBUTED'"))
                .as("every receipt matched").isZero();
        assertThat(smsc.deliveries().stream().filter(d -> d.commandStatus() == 0).count())
                .as("the hub took every receipt").isEqualTo(smsc.acceptedSubmits());
        long resent = count(jdbc, "SELECT count(*) FROM campaign_contact WHERE campaign_id = 'CRASH-1' AND resent");
        System.out.printf("crash test: %d accepted submits, %d contacts sent again after their receipt window%n",
                smsc.acceptedSubmits(), resent);
    }

    /** Submits the SMSC accepted and never answered. */
    private long unanswered() {
        return smsc.submits().stream().filter(s -> s.accepted() && smsc.submitRespSentNanos(s.messageId()) == null).count();
    }

    private Map<String, Long> killAndSurvey(JdbcTemplate jdbc, String what) throws Exception {
        hub.kill();
        return survey(jdbc, what);
    }

    /**
     * Where the kill landed, from what the dead hub left in the database and what the SMSC accepted: the SUBMITTING
     * contacts by how many of their parts the SMSC accepted since they were marked, and the accepted submits whose
     * answer never went out.
     */
    private Map<String, Long> survey(JdbcTemplate jdbc, String what) {
        Map<String, Long> points = points(jdbc);
        answerLostBefore += points.get("3 accepted, answer lost");
        System.out.printf("crash test: kill (%s) at %d accepted submits: %s%n", what, smsc.acceptedSubmits(), points);
        return points;
    }

    private List<String> hubArgs(EmbeddedDatabase.Database db, Duration receiptWindow) throws Exception {
        // slices of 20 and a claim of 200: a round claims more than its slices in flight take, so the first kill finds
        // contacts still CLAIMED (with the defaults a list of 300 is claimed as two slices that go out at once)
        return SmsCampaignFixture.hubArgs(db, smsc, "crash-pw", 60, "crash-node", work, "--hub.ledger.interval=1s",
                "--hub.ledger.receipt-window=" + receiptWindow.toSeconds() + "s", "--hub.connectors.sms.slice-size=20",
                "--hub.campaigns.dispatch.batch-size=200");
    }

    /** The contacts (submits, for 3) at each point of dispatch now; 3 counts the answers lost since the last kill. */
    private Map<String, Long> points(JdbcTemplate jdbc) {
        Map<String, Long> points = new TreeMap<>();
        points.put("1 CLAIMED", count(jdbc, "SELECT count(*) FROM campaign_contact WHERE status = 'CLAIMED'"));
        Map<String, List<Long>> acceptedAt = smsc.submits().stream().filter(SmscSimulator.Submit::accepted).collect(
                Collectors.groupingBy(SmscSimulator.Submit::destination,
                        Collectors.mapping(SmscSimulator.Submit::receivedMillis, Collectors.toList())));
        Map<String, Long> submitting = new HashMap<>();
        jdbc.query("SELECT msisdn, updated_at, parts FROM campaign_contact WHERE status = 'SUBMITTING'", rs -> {
            long since = rs.getTimestamp(2).getTime() - 50;
            long accepted = acceptedAt.getOrDefault(rs.getString(1), List.of()).stream().filter(t -> t >= since).count();
            String point = accepted == 0 ? "2 SUBMITTING, nothing submitted"
                    : accepted >= rs.getInt(3) ? "4 SUBMITTING, every part accepted" : "5 SUBMITTING, some parts accepted";
            submitting.merge(point, 1L, Long::sum);
        });
        points.put("2 SUBMITTING, nothing submitted", submitting.getOrDefault("2 SUBMITTING, nothing submitted", 0L));
        points.put("3 accepted, answer lost", smsc.submits().stream()
                .filter(s -> s.accepted() && smsc.submitRespSentNanos(s.messageId()) == null).count()
                - answerLostBefore);
        points.put("4 SUBMITTING, every part accepted", submitting.getOrDefault("4 SUBMITTING, every part accepted", 0L));
        points.put("5 SUBMITTING, some parts accepted", submitting.getOrDefault("5 SUBMITTING, some parts accepted", 0L));
        return points;
    }

    private long answerLostBefore;

    /**
     * Whole messages each customer received, from the SMSC's record of what it accepted: a message without a
     * concatenation header is whole; the parts of a long one share a reference, and it counts as many times as its
     * least-received part.
     */
    private Map<String, Integer> wholeMessagesPerCustomer() {
        Map<String, Integer> whole = new HashMap<>();
        Map<String, Map<Integer, Map<Integer, Integer>>> parts = new HashMap<>();
        for (SmscSimulator.Submit s : smsc.submits()) {
            if (!s.accepted()) {
                continue;
            }
            if ((s.esmClass() & 0x40) == 0) {
                whole.merge(s.destination(), 1, Integer::sum);
                continue;
            }
            byte[] b = s.shortMessage();
            int iei = b[1] & 0xFF;
            int ref = iei == 0x08 ? ((b[3] & 0xFF) << 8) | (b[4] & 0xFF) : b[3] & 0xFF;
            int total = iei == 0x08 ? b[5] & 0xFF : b[4] & 0xFF;
            int seq = iei == 0x08 ? b[6] & 0xFF : b[5] & 0xFF;
            assertThat(total).as("a long message of this campaign has two parts").isEqualTo(2);
            parts.computeIfAbsent(s.destination(), k -> new HashMap<>()).computeIfAbsent(ref, k -> new HashMap<>())
                    .merge(seq, 1, Integer::sum);
        }
        parts.forEach((customer, refs) -> whole.merge(customer, refs.values().stream()
                .mapToInt(seqs -> Math.min(seqs.getOrDefault(1, 0), seqs.getOrDefault(2, 0))).sum(), Integer::sum));
        return whole;
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }
}

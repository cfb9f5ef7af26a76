package com.carrier.hub.runtime.ledger;

import static com.carrier.hub.runtime.ledger.LedgerFixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.connector.boss.order.BossOrderClient;
import com.carrier.hub.connector.boss.order.BossOrderProperties;
import com.carrier.hub.runtime.HubIT;
import com.carrier.hub.simulators.boss.BossOrderSimulator;

/**
 * SMS accept keyword → BOSS order request against the BOSS order simulator over HTTP: one request per customer and
 * campaign (requestId campaignId:msisdn) for accepts within the window of autoOrder campaigns only; 201 and 409
 * recorded; an unanswered request stays pending with the reason and is retried.
 */
class BossOrderRequestsIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ResponseEventSink sink;
    @Autowired
    ResponseCorrelator correlator;
    @Autowired
    BossOrderRequests requests;

    BossOrderSimulator boss;
    BossOrderClient client;
    LedgerFixtures f;

    @BeforeEach
    void start() throws Exception {
        f = new LedgerFixtures(jdbc);
        boss = new BossOrderSimulator();
        boss.start();
        BossOrderProperties p = new BossOrderProperties();
        p.setUrl(URI.create(boss.url()));
        client = new BossOrderClient(p);
    }

    @AfterEach
    void stop() {
        boss.stop();
    }

    private Map<String, Object> request(String campaign, String msisdn) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT * FROM boss_order_request WHERE request_id = ?",
                campaign + ":" + msisdn);
        return rows.isEmpty() ? null : rows.get(0);
    }

    @Test
    void acceptsWithinTheWindowOfAutoOrderCampaignsPlaceOneOrderEach() {
        String auto = f.campaign("P7", Duration.ofDays(20), Duration.ofDays(1), 7, "RUNNING", true);
        String manual = f.campaign("P8", Duration.ofDays(20), Duration.ofDays(1), 7, "RUNNING", false);
        f.sent(auto, f.m(1), "S1", "SMS", Duration.ofHours(5));
        f.sent(auto, f.m(2), "S1", "SMS", Duration.ofHours(5));
        f.sent(auto, f.m(3), "S1", "SMS", Duration.ofDays(10));
        f.sent(auto, f.m(4), "S1", "SMS", Duration.ofHours(5));
        f.sent(manual, f.m(5), "S1", "SMS", Duration.ofHours(5));
        boss.holds(f.m(2), "P7");
        sink.append(List.of(
                reply(f.m(1), "Y", Duration.ofHours(2)), reply(f.m(1), "y", Duration.ofHours(1)), // twice: one order
                reply(f.m(2), "1", Duration.ofHours(2)),              // holds the product: 409
                reply(f.m(3), "Y", Duration.ofHours(1)),              // after the 7-day window: no order
                reply(f.m(4), "how much is it?", Duration.ofHours(1)), // not the keyword: no order
                reply(f.m(5), "Y", Duration.ofHours(1))));            // campaign without autoOrder: no order
        correlator.correlate();
        assertThat(requests.enqueue()).isEqualTo(2);
        assertThat(requests.enqueue()).isZero();
        assertThat(requests.send(client)).isEqualTo(2);

        Map<String, Object> accepted = request(auto, f.m(1));
        assertThat(accepted.get("status")).isEqualTo("ACCEPTED");
        assertThat(accepted.get("http_status")).isEqualTo(201);
        assertThat((String) accepted.get("order_id")).startsWith("BO");
        Map<String, Object> conflict = request(auto, f.m(2));
        assertThat(conflict.get("status")).isEqualTo("CONFLICT");
        assertThat((String) conflict.get("reason")).contains("already holds P7");
        assertThat(request(auto, f.m(3))).isNull();
        assertThat(request(auto, f.m(4))).isNull();
        assertThat(request(manual, f.m(5))).isNull();
        assertThat(boss.received()).extracting(BossOrderSimulator.Received::requestId)
                .containsExactlyInAnyOrder(auto + ":" + f.m(1), auto + ":" + f.m(2));
        assertThat(requests.send(client)).isZero(); // answered requests are not sent again
    }

    @Test
    void aRequestBossDoesNotAnswerStaysPendingWithTheReason() {
        String auto = f.campaign("P7", Duration.ofDays(2), Duration.ofDays(1), 7, "RUNNING", true);
        f.sent(auto, f.m(1), "S1", "SMS", Duration.ofHours(5));
        sink.append(List.of(reply(f.m(1), "Y", Duration.ofHours(1))));
        correlator.correlate();
        requests.enqueue();
        boss.stop();
        assertThat(requests.send(client)).isZero();
        Map<String, Object> pending = request(auto, f.m(1));
        assertThat(pending.get("status")).isEqualTo("PENDING");
        assertThat(pending.get("attempts")).isEqualTo(1);
        assertThat((String) pending.get("reason")).contains("boss: order request to").contains("/api/v1/orders failed");
    }
}

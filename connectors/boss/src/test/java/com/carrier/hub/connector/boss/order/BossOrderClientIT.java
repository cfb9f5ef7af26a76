package com.carrier.hub.connector.boss.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carrier.hub.simulators.boss.BossOrderSimulator;

/** The order-request client against the BOSS order simulator over real HTTP: every §1.5 answer becomes an outcome. */
class BossOrderClientIT {

    BossOrderSimulator boss;
    BossOrderClient client;

    @BeforeEach
    void start() throws Exception {
        boss = new BossOrderSimulator().holds("13900000009", "P1");
        boss.start();
        BossOrderProperties p = new BossOrderProperties();
        p.setUrl(URI.create(boss.url() + "/"));
        p.setTimeout(Duration.ofSeconds(5));
        client = new BossOrderClient(p);
    }

    @AfterEach
    void stop() {
        boss.stop();
    }

    @Test
    void acceptedOnceAndTheSameRequestIdGetsTheFirstAnswerAgain() {
        OrderOutcome first = client.place(new OrderRequest("C1:13900000001", "13900000001", "P1", "SMS", "C1"));
        OrderOutcome again = client.place(new OrderRequest("C1:13900000001", "13900000001", "P1", "SMS", "C1"));
        assertThat(first.status()).isEqualTo(OrderOutcome.Status.ACCEPTED);
        assertThat(first.http()).isEqualTo(201);
        assertThat(first.orderId()).isNotBlank();
        assertThat(again).isEqualTo(first);
        assertThat(boss.received()).hasSize(2);
    }

    @Test
    void conflictAndInvalidAreRecordedWithBossReason() {
        OrderOutcome holds = client.place(new OrderRequest("C1:13900000009", "13900000009", "P1", "SMS", "C1"));
        assertThat(holds.status()).isEqualTo(OrderOutcome.Status.CONFLICT);
        assertThat(holds.reason()).contains("already holds P1");
        OrderOutcome bad = client.place(new OrderRequest("C1:1390", "1390", "P1", "SMS", "C1"));
        assertThat(bad.status()).isEqualTo(OrderOutcome.Status.INVALID);
        assertThat(bad.http()).isEqualTo(422);
        assertThat(bad.reason()).contains("msisdn");
    }

    @Test
    void aBossThatIsGoneIsAFailureNamingTheAddress() {
        String url = boss.url();
        boss.stop();
        OrderOutcome down = client.place(new OrderRequest("C1:13900000002", "13900000002", "P1", "SMS", "C1"));
        assertThat(down.status()).isEqualTo(OrderOutcome.Status.FAILED);
        assertThat(down.http()).isZero();
        assertThat(down.reason()).startsWith("boss: order request to " + url + "/api/v1/orders failed");
    }
}

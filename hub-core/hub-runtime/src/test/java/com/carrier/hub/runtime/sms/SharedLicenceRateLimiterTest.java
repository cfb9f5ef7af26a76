package com.carrier.hub.runtime.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SharedLicenceRateLimiterTest {

    @Test
    void eachInstanceGetsItsShareOfTheLicence() {
        AtomicInteger live = new AtomicInteger(1);
        SharedLicenceRateLimiter limiter = new SharedLicenceRateLimiter(100, Duration.ofMillis(10), Duration.ZERO, live::get);
        assertThat(limiter.share()).isEqualTo(100);
        live.set(2);
        limiter.refresh();
        assertThat(limiter.share()).isEqualTo(50);
        live.set(3);
        limiter.refresh();
        assertThat(limiter.share()).isEqualTo(33);
    }

    @Test
    void noMorePermitsThanTheShareAreOutstandingOrWrittenWithinAWindow() throws Exception {
        AtomicInteger live = new AtomicInteger(2);
        SharedLicenceRateLimiter limiter = new SharedLicenceRateLimiter(10, Duration.ofMillis(10), Duration.ZERO, live::get);
        for (int i = 0; i < 5; i++) {
            limiter.release(limiter.acquire());
        }
        // the five answered submits of this second hold the whole share of five
        CompletableFuture<Long> sixth = CompletableFuture.supplyAsync(() -> {
            try {
                return limiter.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            sixth.get(200, TimeUnit.MILLISECONDS);
            throw new AssertionError("a sixth permit was granted within the window of a share of five");
        } catch (TimeoutException expected) {
            // still waiting
        }
        live.set(1);
        limiter.refresh();
        assertThat(sixth.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void unreadableMembershipKeepsTheLastShare() {
        AtomicInteger calls = new AtomicInteger();
        SharedLicenceRateLimiter limiter = new SharedLicenceRateLimiter(60, Duration.ZERO, Duration.ZERO, () -> {
            if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("database down");
            }
            return 2;
        });
        limiter.refresh();
        assertThat(limiter.share()).isEqualTo(30);
    }
}

package com.carrier.hub.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** The counting rules of {@link LoginThrottle}, on a clock the test moves on. */
class LoginThrottleTest {

    private static final String REMOTE = "203.0.113.7";
    private static final String LOCAL = "127.0.0.1";

    /** A clock that stands still until moved. */
    private static final class Moving extends Clock {
        private Instant now = Instant.parse("2026-12-07T04:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void move(Duration d) {
            now = now.plus(d);
        }
    }

    private final Moving clock = new Moving();
    private final LoginThrottle throttle = new LoginThrottle(properties(), clock);

    private static HubSecurityProperties properties() {
        HubSecurityProperties p = new HubSecurityProperties();
        p.getLogin().setFreeFailures(3);
        p.getLogin().setAccountFailures(5);
        p.getLogin().setAddressFailures(8);
        p.getLogin().setLockDuration(Duration.ofMinutes(15));
        HubSecurityProperties.User admin = new HubSecurityProperties.User();
        admin.setPassword("admin");
        admin.setLocalhostOnly(true);
        p.getUsers().put("admin", admin);
        p.getUsers().put("ops", new HubSecurityProperties.User());
        return p;
    }

    private void fail(String user, String address) {
        throttle.failed(new AuthenticationFailureBadCredentialsEvent(login(user, address), new BadCredentialsException("bad")));
    }

    private static UsernamePasswordAuthenticationToken login(String user, String address) {
        UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.unauthenticated(user, "x");
        token.setDetails(new WebAuthenticationDetails(address, null));
        return token;
    }

    @Test
    void anAccountWaitsDoublingAfterTheFreeFailuresAndIsLockedAtTheLimitUntilTheLockEnds() {
        for (int i = 0; i < 3; i++) {
            fail("ops", LOCAL);
        }
        assertThat(throttle.refusal("ops", LOCAL)).isEmpty();
        fail("ops", LOCAL);
        assertThat(throttle.refusal("ops", LOCAL)).get().extracting(LoginThrottle.Refusal::retryAfter)
                .isEqualTo(Duration.ofSeconds(1));
        clock.move(Duration.ofSeconds(1));
        assertThat(throttle.refusal("ops", LOCAL)).isEmpty();
        fail("ops", LOCAL);
        assertThat(throttle.refusal("ops", LOCAL)).get().satisfies(r -> {
            assertThat(r.retryAfter()).isEqualTo(Duration.ofMinutes(15));
            assertThat(r.detail()).contains("account 'ops' is locked after 5 wrong passwords");
        });
        clock.move(Duration.ofMinutes(15));
        assertThat(throttle.refusal("ops", LOCAL)).as("the lock ends by itself").isEmpty();
    }

    @Test
    void oneAddressGuessingManyAccountsIsSlowedAndLocked() {
        for (int i = 0; i < 6; i++) {
            fail("user" + i, REMOTE);
        }
        assertThat(throttle.refusal("ops", REMOTE)).as("past account-failures the address waits").get()
                .extracting(LoginThrottle.Refusal::detail).asString().contains("address " + REMOTE + " must wait");
        assertThat(throttle.refusal("ops", LOCAL)).as("other addresses are not slowed").isEmpty();
        for (int i = 6; i < 8; i++) {
            clock.move(Duration.ofMinutes(1));
            fail("user" + i, REMOTE);
        }
        assertThat(throttle.refusal("ops", REMOTE)).get().extracting(LoginThrottle.Refusal::detail).asString()
                .contains("address " + REMOTE + " is locked after 8 wrong passwords");
    }

    @Test
    void wrongPasswordsFromOtherHostsNeverLockALocalhostOnlyAccount() {
        for (int i = 0; i < 20; i++) {
            fail("admin", "198.51.100." + i);
        }
        assertThat(throttle.refusal("admin", LOCAL)).isEmpty();
        for (int i = 0; i < 5; i++) {
            fail("admin", LOCAL);
        }
        assertThat(throttle.refusal("admin", LOCAL)).as("from localhost its wrong passwords count").isPresent();
    }

    @Test
    void aSuccessClearsTheAccountsAndTheAddresssCount() {
        for (int i = 0; i < 4; i++) {
            fail("ops", LOCAL);
        }
        clock.move(Duration.ofSeconds(1));
        UsernamePasswordAuthenticationToken ok = login("ops", LOCAL);
        throttle.succeeded(new AuthenticationSuccessEvent(ok));
        fail("ops", LOCAL);
        assertThat(throttle.refusal("ops", LOCAL)).as("one failure after a success is free").isEmpty();
    }
}

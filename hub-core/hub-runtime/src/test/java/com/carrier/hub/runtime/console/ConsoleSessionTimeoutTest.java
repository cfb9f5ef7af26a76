package com.carrier.hub.runtime.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.servlet.http.HttpSessionEvent;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

/** Every console session gets {@code hub.console.session-timeout}, whatever the servlet container's default. */
class ConsoleSessionTimeoutTest {

    @Test
    void aNewSessionEndsAfterTheConfiguredTimeout() {
        ConsoleProperties properties = new ConsoleProperties();
        properties.setSessionTimeout(Duration.ofMinutes(5));
        MockHttpSession session = new MockHttpSession();
        session.setMaxInactiveInterval(1800);

        new ConsoleSecurity().consoleSessionTimeout(properties).sessionCreated(new HttpSessionEvent(session));

        assertThat(session.getMaxInactiveInterval()).isEqualTo(300);
    }
}

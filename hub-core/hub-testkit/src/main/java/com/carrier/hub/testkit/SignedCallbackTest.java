package com.carrier.hub.testkit;

import java.net.URI;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import com.carrier.hub.testkit.portal.HttpPeerSimulator;
import com.carrier.hub.testkit.portal.HttpPeerSimulator.CallbackAnswer;

/**
 * What every test of a connector's signed callback endpoint ({@code POST /feedback/<peer>}) starts from: the
 * {@link Hub} on a random port ({@code @SpringBootTest(classes = SignedCallbackTest.Hub.class, webEnvironment =
 * RANDOM_PORT)}) whose response store is an {@link InMemoryResponseEventSink}, emptied before each test, and the
 * peer's simulator posting to it. The subclass registers the simulator in a {@link SimulatorExtension} and names the
 * endpoint.
 */
public abstract class SignedCallbackTest {

    /** The smallest hub that serves a connector's callbacks: Spring MVC, its auto-configuration and a test sink. */
    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
    public static class Hub {

        @Bean
        InMemoryResponseEventSink responseEventSink() {
            return new InMemoryResponseEventSink();
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected InMemoryResponseEventSink sink;

    /** The callback endpoint of the running hub. */
    protected URI url;

    /** The running simulator that signs and sends the callbacks. */
    protected abstract HttpPeerSimulator peer();

    /** The callback endpoint under the hub's base URL, e.g. {@code PortalSimulator::feedbackUrl}. */
    protected abstract URI feedbackUrl(URI hub);

    @BeforeEach
    void emptySinkAndFindEndpoint() {
        sink.clear();
        url = feedbackUrl(URI.create("http://127.0.0.1:" + port));
    }

    /** A callback body, {@code {"events":[…]}}, of the given event objects. */
    protected static String body(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    /** Posts the body signed with the peer's callback secret. */
    protected CallbackAnswer send(String body) throws Exception {
        return peer().sendCallback(url, body);
    }
}

package com.carrier.hub.testkit;

import java.net.URI;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import com.carrier.hub.simulators.portal.HttpPeerSimulator;
import com.carrier.hub.simulators.portal.HttpPeerSimulator.CallbackAnswer;

/**
 * What every test of a connector's signed callback endpoint ({@code POST /feedback/<peer>}) starts from: the
 * {@link Hub} on a random port ({@code @SpringBootTest(classes = SignedCallbackTest.Hub.class, webEnvironment =
 * RANDOM_PORT)}) whose response store is an {@link InMemoryResponseEventSink}, emptied before each test, and the
 * peer's simulator posting to it. The subclass registers the simulator in a {@link SimulatorExtension} and hands it
 * and its endpoint to this constructor.
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

    private final Supplier<? extends HttpPeerSimulator> peer;
    private final UnaryOperator<URI> feedbackUrl;

    /**
     * @param peer        the running simulator that signs and sends the callbacks ({@code PORTAL::simulator})
     * @param feedbackUrl the callback endpoint under the hub's base URL ({@code PortalSimulator::feedbackUrl})
     */
    protected SignedCallbackTest(Supplier<? extends HttpPeerSimulator> peer, UnaryOperator<URI> feedbackUrl) {
        this.peer = peer;
        this.feedbackUrl = feedbackUrl;
    }

    @BeforeEach
    void emptySinkAndFindEndpoint() {
        sink.clear();
        url = feedbackUrl.apply(URI.create("http://127.0.0.1:" + port));
    }

    /** A callback body, {@code {"events":[…]}}, of the given event objects. */
    protected static String body(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    /** Posts the body signed with the peer's callback secret. */
    protected CallbackAnswer send(String body) throws Exception {
        return peer.get().sendCallback(url, body);
    }
}

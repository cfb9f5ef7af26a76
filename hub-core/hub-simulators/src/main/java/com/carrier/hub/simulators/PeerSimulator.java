package com.carrier.hub.simulators;

import java.util.Map;

/**
 * A simulated peer system (SFTP server, SMSC, portal, MM store, Kafka broker) that speaks the peer's real protocol
 * on a free loopback port.
 *
 * <p>Tests wrap one in hub-testkit's {@code SimulatorExtension}; the sandbox finds every simulator on the classpath
 * through {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/com.carrier.hub.simulators.PeerSimulator}; it needs a public no-argument constructor with
 * sandbox defaults), starts it and points the connector at it with
 * {@link #connectorProperties()}.
 */
public interface PeerSimulator extends AutoCloseable {

    /** Id of the connector that talks to this peer, for example {@code kafka}. */
    String connectorId();

    /** What a person sees in the sandbox's peer list, for example {@code SMSC (jSMPP)}. */
    String name();

    /** Starts on a free port; returns once the peer accepts connections. */
    void start() throws Exception;

    /** Stops and releases the port; safe to call twice. */
    void stop();

    boolean isRunning();

    /** The {@code hub.connectors.<id>.*} properties that point the connector at this running simulator. */
    Map<String, String> connectorProperties();

    /**
     * Address and credentials for a person who wants to talk to the peer by hand (sandbox only: simulator
     * credentials are not secrets).
     */
    Map<String, Object> describe();

    /**
     * The sandbox's hub now serves HTTP at {@code hub} ({@code http://127.0.0.1:<port>}): a peer that calls the hub
     * back on its own (the app's event callbacks) starts doing so. Nothing by default.
     */
    default void hubStarted(java.net.URI hub) {
    }

    @Override
    default void close() {
        stop();
    }
}

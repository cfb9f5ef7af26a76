package com.carrier.hub.runtime.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.carrier.hub.simulators.PeerSimulator;

/**
 * The simulators the sandbox started for one application context. Each context gets its own set (a JVM may hold
 * several, as the test suite does) and stops it when it closes; the context finds its set through the
 * {@code hub.sandbox.peers} key that {@link SandboxEnvironment} put into its environment.
 */
public final class SandboxPeers {

    /** Environment property holding the key of the context's set. */
    public static final String KEY_PROPERTY = "hub.sandbox.peers";

    private static final Map<String, SandboxPeers> STARTED = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();
    private final List<PeerSimulator> simulators = new ArrayList<>();

    /** A new, empty set, registered under its key. */
    static SandboxPeers register() {
        SandboxPeers peers = new SandboxPeers();
        STARTED.put(peers.key, peers);
        return peers;
    }

    /** The set registered under the key, or an empty one. */
    static SandboxPeers of(String key) {
        return key == null ? new SandboxPeers() : STARTED.getOrDefault(key, new SandboxPeers());
    }

    String key() {
        return key;
    }

    synchronized void add(PeerSimulator simulator) {
        simulators.add(simulator);
    }

    public synchronized List<PeerSimulator> simulators() {
        return List.copyOf(simulators);
    }

    /** The running simulator of this type, if the sandbox has one. */
    public <T extends PeerSimulator> Optional<T> peer(Class<T> type) {
        return simulators().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Stops every simulator of the set and removes its files; called when its context closes. */
    public synchronized void stopAll() {
        for (PeerSimulator s : simulators) {
            s.close();
        }
        simulators.clear();
        STARTED.remove(key);
    }
}

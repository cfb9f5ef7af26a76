package com.carrier.hub.runtime.sandbox;

import java.util.ArrayList;
import java.util.List;

import com.carrier.hub.testkit.PeerSimulator;

/** The simulators the sandbox started for this JVM, stopped when the application context closes. */
public final class SandboxPeers {

    private static SandboxPeers current = new SandboxPeers();

    private final List<PeerSimulator> simulators = new ArrayList<>();

    static synchronized void install(SandboxPeers peers) {
        current.stopAll();
        current = peers;
    }

    public static synchronized SandboxPeers current() {
        return current;
    }

    synchronized void add(PeerSimulator simulator) {
        simulators.add(simulator);
    }

    public synchronized List<PeerSimulator> simulators() {
        return List.copyOf(simulators);
    }

    public synchronized void stopAll() {
        for (PeerSimulator s : simulators) {
            s.stop();
        }
        simulators.clear();
    }
}

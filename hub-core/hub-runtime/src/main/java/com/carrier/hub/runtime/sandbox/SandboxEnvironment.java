package com.carrier.hub.runtime.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

import com.carrier.hub.simulators.PeerSimulator;

/**
 * In the {@code sandbox} profile, starts every peer simulator found on the classpath before the connectors bind, and
 * points each connector at its simulator. Properties set explicitly (command line, environment) still win.
 */
public class SandboxEnvironment implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public SandboxEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(SandboxEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.acceptsProfiles(Profiles.of("sandbox")) || !env.getProperty("hub.sandbox.simulators", Boolean.class, true)) {
            return;
        }
        SandboxPeers peers = SandboxPeers.register();
        Map<String, Object> props = new HashMap<>();
        for (PeerSimulator simulator : simulators(application.getClassLoader())) {
            try {
                simulator.start();
                peers.add(simulator);
                props.putAll(simulator.connectorProperties());
                log.info("sandbox: " + simulator.name() + " started for connector " + simulator.connectorId());
            } catch (Exception e) {
                log.warn("sandbox: " + simulator.name() + " did not start: " + e.getMessage()
                        + "; connector " + simulator.connectorId() + " will report DOWN");
            }
        }
        props.put(SandboxPeers.KEY_PROPERTY, peers.key());
        // after command line and environment variables, ahead of the config files
        env.getPropertySources().addAfter("systemEnvironment", new MapPropertySource("hub-sandbox-peers", props));
    }

    private List<PeerSimulator> simulators(ClassLoader loader) {
        List<PeerSimulator> found = new ArrayList<>();
        Iterator<PeerSimulator> it = ServiceLoader.load(PeerSimulator.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                // one broken registration (a plugin jar, a stale build) must not take the other peers down
                log.warn("sandbox: skipping a peer simulator: " + e.getMessage());
            }
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 20;
    }
}

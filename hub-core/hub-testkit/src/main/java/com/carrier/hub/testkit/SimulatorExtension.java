package com.carrier.hub.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.carrier.hub.simulators.PeerSimulator;

/**
 * Starts a {@link PeerSimulator} before a test class and stops it after. Register it as a static field:
 * <pre>{@code @RegisterExtension static final SimulatorExtension<KafkaSimulator> KAFKA = new SimulatorExtension<>(new KafkaSimulator());}</pre>
 */
public class SimulatorExtension<S extends PeerSimulator> implements BeforeAllCallback, AfterAllCallback {

    private final S simulator;

    public SimulatorExtension(S simulator) {
        this.simulator = simulator;
    }

    public S simulator() {
        return simulator;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!simulator.isRunning()) {
            simulator.start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        simulator.close();
    }
}

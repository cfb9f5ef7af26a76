package com.carrier.hub.connector.app;

import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.app.AppPushSimulator;
import com.carrier.hub.testkit.ConnectorContractTest;
import com.carrier.hub.testkit.SimulatorExtension;

/** The contract every connector passes, against the app push simulator (probe: an empty batch). */
class AppConnectorIT extends ConnectorContractTest {

    @RegisterExtension
    static final SimulatorExtension<AppPushSimulator> APP = new SimulatorExtension<>(new AppPushSimulator());

    @Override
    protected PeerSimulator simulator() {
        return APP.simulator();
    }

    @Override
    protected Class<?> autoConfiguration() {
        return AppAutoConfiguration.class;
    }

    @Override
    protected String requiredProperty() {
        return "hub.connectors.app.base-url";
    }
}

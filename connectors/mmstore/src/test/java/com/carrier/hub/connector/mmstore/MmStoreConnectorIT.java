package com.carrier.hub.connector.mmstore;

import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.mm.MmStoreSimulator;
import com.carrier.hub.testkit.ConnectorContractTest;
import com.carrier.hub.testkit.SimulatorExtension;

/** The contract every connector passes, against the MM simulator (probe: an empty recommendations batch). */
class MmStoreConnectorIT extends ConnectorContractTest {

    @RegisterExtension
    static final SimulatorExtension<MmStoreSimulator> MM = new SimulatorExtension<>(new MmStoreSimulator());

    @Override
    protected PeerSimulator simulator() {
        return MM.simulator();
    }

    @Override
    protected Class<?> autoConfiguration() {
        return MmStoreAutoConfiguration.class;
    }

    @Override
    protected String requiredProperty() {
        return "hub.connectors.mmstore.token";
    }
}

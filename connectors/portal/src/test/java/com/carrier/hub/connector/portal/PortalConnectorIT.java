package com.carrier.hub.connector.portal;

import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.portal.PortalSimulator;
import com.carrier.hub.testkit.ConnectorContractTest;
import com.carrier.hub.testkit.SimulatorExtension;

/** The contract every connector passes, against the portal simulator (probe: an empty batch upsert). */
class PortalConnectorIT extends ConnectorContractTest {

    @RegisterExtension
    static final SimulatorExtension<PortalSimulator> PORTAL = new SimulatorExtension<>(new PortalSimulator());

    @Override
    protected PeerSimulator simulator() {
        return PORTAL.simulator();
    }

    @Override
    protected Class<?> autoConfiguration() {
        return PortalAutoConfiguration.class;
    }

    @Override
    protected String requiredProperty() {
        return "hub.connectors.portal.base-url";
    }
}

package com.carrier.hub.connector.warehouse;

import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;
import com.carrier.hub.testkit.ConnectorContractTest;
import com.carrier.hub.testkit.SimulatorExtension;

class WarehouseConnectorIT extends ConnectorContractTest {

    @RegisterExtension
    static final SimulatorExtension<WarehouseSftpSimulator> SFTP = new SimulatorExtension<>(new WarehouseSftpSimulator());

    @Override
    protected PeerSimulator simulator() {
        return SFTP.simulator();
    }

    @Override
    protected Class<?> autoConfiguration() {
        return WarehouseAutoConfiguration.class;
    }

    @Override
    protected String requiredProperty() {
        return "hub.connectors.warehouse.username";
    }
}

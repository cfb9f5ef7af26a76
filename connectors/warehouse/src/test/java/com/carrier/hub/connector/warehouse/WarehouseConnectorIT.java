package com.carrier.hub.connector.warehouse;

import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.testkit.ConnectorContractTest;
import com.carrier.hub.testkit.PeerSimulator;
import com.carrier.hub.testkit.SimulatorExtension;
import com.carrier.hub.testkit.sftp.WarehouseSftpSimulator;

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

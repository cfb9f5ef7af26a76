package com.carrier.hub.connector.kafka;

import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.kafka.KafkaSimulator;
import com.carrier.hub.testkit.ConnectorContractTest;
import com.carrier.hub.testkit.SimulatorExtension;

/** The connector contract against a real in-JVM KRaft broker. */
class KafkaConnectorIT extends ConnectorContractTest {

    @RegisterExtension
    static final SimulatorExtension<KafkaSimulator> KAFKA = new SimulatorExtension<>(new KafkaSimulator());

    @Override
    protected PeerSimulator simulator() {
        return KAFKA.simulator();
    }

    @Override
    protected Class<?> autoConfiguration() {
        return KafkaAutoConfiguration.class;
    }

    @Override
    protected String requiredProperty() {
        return "hub.connectors.kafka.bootstrap-servers";
    }
}

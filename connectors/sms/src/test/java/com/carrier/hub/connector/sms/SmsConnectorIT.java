package com.carrier.hub.connector.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.HealthProbe;
import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.carrier.hub.testkit.ConnectorContractTest;
import com.carrier.hub.testkit.SimulatorExtension;

/** The connector contract against the SMSC simulator, plus the bind failures health must name. */
class SmsConnectorIT extends ConnectorContractTest {

    @RegisterExtension
    static final SimulatorExtension<SmscSimulator> SMSC = new SimulatorExtension<>(new SmscSimulator());

    @Override
    protected PeerSimulator simulator() {
        return SMSC.simulator();
    }

    @Override
    protected Class<?> autoConfiguration() {
        return SmsAutoConfiguration.class;
    }

    @Override
    protected String requiredProperty() {
        return "hub.connectors.sms.system-id";
    }

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("hub.connectors.sms.rebind-backoff", "200ms", "hub.connectors.sms.bind-timeout", "2s");
    }

    @Test
    @Order(10)
    void wrongPasswordIsDownNamingTheBindFailure() {
        Map<String, String> props = allProperties();
        props.put("hub.connectors.sms.password", "wrong");
        runner(props).run(context -> {
            ConnectorHealth health = HealthProbe.run(context.getBean(Connector.class), Duration.ofSeconds(10));
            assertThat(health.status()).isEqualTo(ConnectorHealth.Status.DOWN);
            assertThat(health.reason()).startsWith("sms: bind_transceiver to 127.0.0.1:" + SMSC.simulator().port()
                    + " as hub failed: refused: ESME_RINVPASWD").doesNotContain("wrong");
        });
    }

    @Test
    @Order(11)
    void healthDetailsShowTheLiveSessionsAndCountersButNoSecret() {
        runner(allProperties()).run(context -> {
            SmsGateway gateway = context.getBean(SmsGateway.class);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.boundSessions() == 2);
            ConnectorHealth health = HealthProbe.run(context.getBean(Connector.class), Duration.ofSeconds(10));
            assertThat(health.status()).isEqualTo(ConnectorHealth.Status.UP);
            assertThat(health.details()).containsEntry("boundSessions", 2).containsEntry("suspectBinds", 0)
                    .containsEntry("licensedRate", 100)
                    .containsKeys("receiptsUnmatched", "inboundRejected", "messagesSent");
            assertThat(health.details().toString()).doesNotContain("hubpass1");
        });
    }

    @Test
    @Order(12)
    void disabledConnectorCreatesNothing() {
        Map<String, String> props = allProperties();
        props.put("hub.connectors.sms.enabled", "false");
        runner(props).run(context -> assertThat(context).doesNotHaveBean(Connector.class));
    }

    @Test
    @Order(13)
    void validationReportsFieldErrorsWithoutThrowing() {
        runner(allProperties()).run(context -> {
            Connector connector = context.getBean(Connector.class);
            SmsProperties candidate = new SmsProperties();
            candidate.setRebindBackoff(Duration.ofSeconds(10));
            candidate.setRebindMaxBackoff(Duration.ofSeconds(1));
            candidate.setBinds(4);
            candidate.setLicensedRate(2);
            assertThat(connector.validate(candidate)).extracting(com.carrier.hub.api.FieldError::property)
                    .containsExactlyInAnyOrder("hub.connectors.sms.rebind-max-backoff", "hub.connectors.sms.binds");
        });
    }
}

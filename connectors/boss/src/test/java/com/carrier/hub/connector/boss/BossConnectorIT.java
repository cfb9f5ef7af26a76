package com.carrier.hub.connector.boss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.HealthProbe;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.sftp.BossSftpSimulator;
import com.carrier.hub.testkit.ConnectorContractTest;
import com.carrier.hub.testkit.SimulatorExtension;

class BossConnectorIT extends ConnectorContractTest {

    @RegisterExtension
    static final SimulatorExtension<BossSftpSimulator> SFTP = new SimulatorExtension<>(new BossSftpSimulator());

    @Override
    protected PeerSimulator simulator() {
        return SFTP.simulator();
    }

    @Override
    protected Class<?> autoConfiguration() {
        return BossAutoConfiguration.class;
    }

    @Override
    protected String requiredProperty() {
        return "hub.connectors.boss.username";
    }

    @Test
    @Order(10)
    void anUntrustedHostKeyIsRefused() throws Exception {
        Path otherKnownHosts = Files.createTempFile("known_hosts", "");
        Files.writeString(otherKnownHosts, "[127.0.0.1]:" + SFTP.simulator().port()
                + " ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=\n");
        Map<String, String> props = allProperties();
        props.put("hub.connectors.boss.known-hosts-file", otherKnownHosts.toString());
        runner(props).run(context -> {
            ConnectorHealth health = HealthProbe.run(context.getBean(Connector.class), probeTimeout());
            assertThat(health.status()).isEqualTo(ConnectorHealth.Status.DOWN);
            assertThat(health.reason()).startsWith("boss: SFTP host key of 127.0.0.1:" + SFTP.simulator().port() + " not trusted");
        });
    }

    @Test
    @Order(11)
    void aWrongPasswordIsReportedWithWhereAndWho() {
        Map<String, String> props = allProperties();
        props.put("hub.connectors.boss.password", "wrong");
        runner(props).run(context -> {
            ConnectorHealth health = HealthProbe.run(context.getBean(Connector.class), probeTimeout());
            assertThat(health.reason()).startsWith("boss: SFTP login to 127.0.0.1:" + SFTP.simulator().port() + " as hub failed");
        });
    }

    @Test
    @Order(12)
    void aProvinceLayoutIsAConfigurationChange() {
        Map<String, String> props = allProperties();
        props.put("hub.connectors.boss.feeds.customer-delta.delimiter", ",");
        props.put("hub.connectors.boss.feeds.customer-delta.charset", "UTF-8");
        props.put("hub.connectors.boss.feeds.customer-delta.reject-threshold", "0.05");
        runner(props).run(context -> {
            BossProperties p = context.getBean(BossProperties.class);
            CompiledFeed customer = p.feed("customer-delta").compile();
            assertThat(customer.delimiter()).isEqualTo(',');
            assertThat(customer.charset().name()).isEqualTo("UTF-8");
            assertThat(customer.fieldCount()).as("fields not set keep their defaults").isEqualTo(13);
            assertThat(p.feed("customer-delta").getRejectThreshold()).isEqualTo(0.05);
            assertThat(p.feed("product").getCharset()).isEqualTo("GBK");
            assertThat(context.getBean(Connector.class).validate(p)).isEmpty();
        });
    }

    @Test
    @Order(13)
    void aBrokenFeedIsReportedPerProperty() {
        Map<String, String> props = allProperties();
        props.put("hub.connectors.boss.feeds.customer-delta.delimiter", "||");
        runner(props).run(context -> {
            BossProperties p = context.getBean(BossProperties.class);
            assertThat(context.getBean(Connector.class).validate(p))
                    .anySatisfy(e -> {
                        assertThat(e.property()).isEqualTo("hub.connectors.boss.feeds.customer-delta");
                        assertThat(e.message()).contains("delimiter");
                    });
        });
    }
}

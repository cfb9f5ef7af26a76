package com.carrier.hub.connector.mmstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.HealthProbe;
import com.carrier.hub.simulators.mm.MmStoreSimulator;
import com.carrier.hub.simulators.sftp.MmSftpSimulator;
import com.carrier.hub.testkit.SimulatorExtension;

/**
 * The catalog source settings ({@code hub.connectors.mmstore.catalog.*}) against MM's HTTP and catalog SFTP
 * simulators: absent without a host, bound with host-key checking on, probed by a real SFTP login, refused with the
 * property named when incomplete, DOWN naming the catalog server when it is gone or its host key is not trusted.
 */
class MmCatalogSourceIT {

    @RegisterExtension
    static final SimulatorExtension<MmStoreSimulator> MM = new SimulatorExtension<>(new MmStoreSimulator());
    @RegisterExtension
    static final SimulatorExtension<MmSftpSimulator> SFTP = new SimulatorExtension<>(new MmSftpSimulator());

    @TempDir
    Path dir;

    static ApplicationContextRunner runner(Map<String, String> props) {
        List<String> pairs = new ArrayList<>();
        props.forEach((k, v) -> pairs.add(k + "=" + v));
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MmStoreAutoConfiguration.class))
                .withPropertyValues(pairs.toArray(String[]::new));
    }

    static Map<String, String> both() {
        Map<String, String> props = new LinkedHashMap<>(MM.simulator().connectorProperties());
        props.putAll(SFTP.simulator().connectorProperties());
        return props;
    }

    @Test
    void withoutACatalogHostThereIsNoCatalogSource() {
        runner(MM.simulator().connectorProperties()).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("hubFileIdempotentRepository");
            MmStoreProperties p = context.getBean(MmStoreProperties.class);
            assertThat(p.hasCatalogSource()).isFalse();
            MmStoreConnector connector = context.getBean(MmStoreConnector.class);
            assertThat(connector.endpoints()).contains(MmStoreConnector.CATALOG_SOURCE);
            ConnectorHealth health = HealthProbe.run(connector, Duration.ofSeconds(10));
            assertThat(health.status()).isEqualTo(ConnectorHealth.Status.UP);
            assertThat(health.details()).doesNotContainKey("catalog server");
        });
    }

    @Test
    void theCatalogServerBindsWithHostKeyCheckingOnAndIsProbedBySftp() {
        runner(both()).run(context -> {
            assertThat(context).hasNotFailed().hasBean("hubFileIdempotentRepository");
            MmCatalogSource c = context.getBean(MmStoreProperties.class).getCatalog();
            assertThat(c.getHost()).isEqualTo("127.0.0.1");
            assertThat(c.getDirectory()).isEqualTo("/mm/out/catalog");
            assertThat(c.getStrictHostKeyChecking()).isEqualTo("yes");
            assertThat(c.feed().getName()).isEqualTo("mm-apps");
            int logins = SFTP.simulator().logins();
            ConnectorHealth health = HealthProbe.run(context.getBean(Connector.class), Duration.ofSeconds(10));
            assertThat(health.status()).as("%s", health).isEqualTo(ConnectorHealth.Status.UP);
            assertThat(health.details()).containsKey("catalog server").containsKey("catalog /mm/out/catalog");
            assertThat(SFTP.simulator().logins()).isGreaterThan(logins);
            assertThat(context.getBean(MmStoreConnector.class).validate(context.getBean(MmStoreProperties.class))).isEmpty();
        });
    }

    @Test
    void aCatalogSettingWithoutAHostFailsStartUpNamingIt() {
        Map<String, String> props = both();
        props.remove("hub.connectors.mmstore.catalog.host");
        runner(props).run(context -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("host"));
    }

    @Test
    void aCatalogServerWithoutPasswordOrKeyIsAFieldError() {
        Map<String, String> props = both();
        props.remove("hub.connectors.mmstore.catalog.password");
        runner(props).run(context -> assertThat(context.getBean(MmStoreConnector.class)
                .validate(context.getBean(MmStoreProperties.class)))
                .extracting(e -> e.property()).containsExactly("hub.connectors.mmstore.catalog.password"));
    }

    @Test
    void anUntrustedHostKeyIsDownNamingTheCatalogServer() throws Exception {
        Path empty = Files.writeString(dir.resolve("known_hosts"), "");
        Map<String, String> props = both();
        props.put("hub.connectors.mmstore.catalog.known-hosts-file", empty.toString());
        runner(props).run(context -> {
            ConnectorHealth health = HealthProbe.run(context.getBean(Connector.class), Duration.ofSeconds(10));
            assertThat(health.status()).isEqualTo(ConnectorHealth.Status.DOWN);
            assertThat(health.reason()).startsWith("mmstore: catalog server:").contains("host key");
        });
    }
}

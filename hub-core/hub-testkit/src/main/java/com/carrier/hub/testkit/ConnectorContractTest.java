package com.carrier.hub.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.yaml.snakeyaml.Yaml;

import com.carrier.hub.api.PropertyNames;
import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.HealthProbe;
import com.carrier.hub.simulators.PeerSimulator;

/**
 * The checks every connector passes, the same way (Flink's connector test suites are the model). A connector's
 * integration test extends this class, starts its peer simulator with a {@link SimulatorExtension} and says which
 * auto-configuration and which required property it has:
 * <ul>
 *   <li>its configuration binds from {@code hub.connectors.<id>.*} into one {@link Connector} bean;</li>
 *   <li>a missing required property fails start-up with an error naming the property;</li>
 *   <li>health is UP against the simulator;</li>
 *   <li>its Kamelets are on the classpath and lint clean;</li>
 *   <li>health is DOWN, with a reason, once the simulator is stopped (run last).</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ConnectorContractTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z0-9]+)(?::[^}]*)?}}");

    /** The running simulator of the connector's peer. */
    protected abstract PeerSimulator simulator();

    /** The connector module's {@code @AutoConfiguration} class. */
    protected abstract Class<?> autoConfiguration();

    /** A property (full name) without which the connector must refuse to start. */
    protected abstract String requiredProperty();

    /** Properties added to the simulator's, for connectors that need more to start. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    /** How long a health probe may take in these tests. */
    protected Duration probeTimeout() {
        return Duration.ofSeconds(10);
    }

    protected ApplicationContextRunner runner(Map<String, String> properties) {
        List<String> pairs = new ArrayList<>();
        properties.forEach((k, v) -> pairs.add(k + "=" + v));
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(autoConfiguration()))
                .withPropertyValues(pairs.toArray(String[]::new));
    }

    protected Map<String, String> allProperties() {
        Map<String, String> all = new LinkedHashMap<>(simulator().connectorProperties());
        all.putAll(extraProperties());
        return all;
    }

    @Test
    @Order(1)
    void configurationBindsIntoOneConnector() {
        runner(allProperties()).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Connector.class);
            Connector connector = context.getBean(Connector.class);
            assertThat(connector.id()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
            assertThat(connector.id()).isEqualTo(simulator().connectorId());
            assertThat(connector.description()).isNotBlank();
            ConfigurationProperties binding = connector.properties().getClass().getAnnotation(ConfigurationProperties.class);
            assertThat(binding).as("properties class carries @ConfigurationProperties").isNotNull();
            String prefix = binding.prefix().isEmpty() ? binding.value() : binding.prefix();
            assertThat(prefix).isEqualTo("hub.connectors." + connector.id());
        });
    }

    @Test
    @Order(2)
    void missingRequiredPropertyFailsNamingIt() {
        Map<String, String> props = allProperties();
        String required = requiredProperty();
        props.remove(required);
        runner(props).run(context -> {
            assertThat(context).hasFailed();
            String message = fullMessage(context.getStartupFailure());
            String field = required.substring(required.lastIndexOf('.') + 1);
            assertThat(message).as("start-up failure names the missing property").containsAnyOf(required, field, PropertyNames.camel(field));
        });
    }

    @Test
    @Order(3)
    void healthIsUpAgainstTheSimulator() {
        runner(allProperties()).run(context -> {
            ConnectorHealth health = HealthProbe.run(context.getBean(Connector.class), probeTimeout());
            assertThat(health.status()).as("health %s", health).isEqualTo(ConnectorHealth.Status.UP);
        });
    }

    @Test
    @Order(4)
    void kameletsAreOnTheClasspathAndLintClean() throws Exception {
        List<String> endpoints = new ArrayList<>();
        runner(allProperties()).run(context -> endpoints.addAll(context.getBean(Connector.class).endpoints()));
        String id = simulator().connectorId();
        for (String endpoint : endpoints) {
            if (endpoint.contains(":")) {
                continue; // a plain endpoint URI, not a Kamelet
            }
            assertThat(endpoint).as("Kamelet name").startsWith(id + "-").matches(".*-(source|sink|action)$");
            String path = "kamelets/" + endpoint + ".kamelet.yaml";
            String text;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
                assertThat(in).as("%s on the classpath", path).isNotNull();
                text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            Map<String, Object> kamelet = new Yaml().load(text);
            assertThat(kamelet.get("kind")).isEqualTo("Kamelet");
            assertThat(((Map<?, ?>) kamelet.get("metadata")).get("name")).isEqualTo(endpoint);
            Map<?, ?> spec = (Map<?, ?>) kamelet.get("spec");
            Map<?, ?> definition = (Map<?, ?>) spec.get("definition");
            assertThat(definition.get("title")).as("%s has a title", endpoint).isNotNull();
            Map<?, ?> declared = definition.get("properties") == null ? Map.of() : (Map<?, ?>) definition.get("properties");
            Matcher m = PLACEHOLDER.matcher(new Yaml().dump(spec.get("template")));
            while (m.find()) {
                String name = m.group(1);
                assertThat(declared.containsKey(name)).as("%s declares parameter %s that its template uses", endpoint, name).isTrue();
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void healthIsDownWithAReasonOnceThePeerIsGone() {
        Map<String, String> props = allProperties();
        simulator().stop();
        runner(props).run(context -> {
            ConnectorHealth health = HealthProbe.run(context.getBean(Connector.class), probeTimeout());
            assertThat(health.status()).isEqualTo(ConnectorHealth.Status.DOWN);
            assertThat(health.reason()).as("DOWN names what failed").isNotBlank().startsWith(simulator().connectorId() + ":");
        });
    }

    private static String fullMessage(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
            if (c.getCause() == c) {
                break;
            }
        }
        return all.toString();
    }
}

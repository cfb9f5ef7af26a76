package com.carrier.hub.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.BeanWrapperImpl;

import com.carrier.hub.api.PropertyNames;

/**
 * The Kamelets read {@code hub.connectors.kafka.*} through placeholders with no defaults of their own (the defaults are
 * {@link KafkaProperties}', given to the Environment by {@link KafkaDerivedSettings}), and may only name properties
 * that exist or that {@link KafkaDerivedSettings} derives (the JAAS line, the send timeout in milliseconds).
 */
class KameletPlaceholdersTest {

    private static final Pattern HUB_PLACEHOLDER = Pattern.compile("\\{\\{\\??hub\\.connectors\\.kafka\\.([a-z-]+)(?::([^}]*))?}}");

    @ParameterizedTest
    @ValueSource(strings = {"kafka-hub-source", "kafka-hub-batch-source", "kafka-hub-sink"})
    void placeholdersNameRealPropertiesWithTheirDefaults(String kamelet) throws Exception {
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("kamelets/" + kamelet + ".kamelet.yaml")) {
            assertThat(in).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        BeanWrapperImpl defaults = new BeanWrapperImpl(new KafkaProperties());
        Matcher m = HUB_PLACEHOLDER.matcher(text);
        int found = 0;
        while (m.find()) {
            found++;
            String property = m.group(1);
            assertThat(m.group(2)).as("%s: hub.connectors.kafka.%s carries a default of its own", kamelet, property).isNull();
            String name = "hub.connectors.kafka." + property;
            if (name.equals(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY) || name.equals(KafkaDerivedSettings.SEND_TIMEOUT_MS_PROPERTY)) {
                continue;
            }
            assertThat(defaults.isReadableProperty(PropertyNames.camel(property))).as("%s names %s", kamelet, name).isTrue();
        }
        assertThat(found).isGreaterThanOrEqualTo(4);
    }
}

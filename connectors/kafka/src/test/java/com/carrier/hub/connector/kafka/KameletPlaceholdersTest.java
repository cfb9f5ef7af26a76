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
 * The Kamelets read {@code hub.connectors.kafka.*} through placeholders whose defaults must be the documented
 * defaults of {@link KafkaProperties}, and may only name properties that exist (or the derived JAAS line).
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
            if (("hub.connectors.kafka." + property).equals(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY)) {
                continue;
            }
            String javaName = PropertyNames.camel(property);
            assertThat(defaults.isReadableProperty(javaName)).as("%s names hub.connectors.kafka.%s", kamelet, property).isTrue();
            if (m.group(2) != null) {
                Object value = defaults.getPropertyValue(javaName);
                // the hub publishes a duration to Camel in milliseconds
                assertThat(m.group(2)).as("%s default of %s", kamelet, property)
                        .isEqualTo(value instanceof java.time.Duration d ? String.valueOf(d.toMillis()) : String.valueOf(value));
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(4);
    }
}

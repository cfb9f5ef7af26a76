package com.carrier.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PropertyNamesTest {

    @Test
    void convertsBothWays() {
        assertThat(PropertyNames.camel("bootstrap-servers")).isEqualTo("bootstrapServers");
        assertThat(PropertyNames.camel("sasl-jaas-config")).isEqualTo("saslJaasConfig");
        assertThat(PropertyNames.kebab("retry.maxAttempts")).isEqualTo("retry.max-attempts");
        assertThat(PropertyNames.kebab(PropertyNames.camel("max-batch-size"))).isEqualTo("max-batch-size");
    }
}

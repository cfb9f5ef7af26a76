package com.carrier.hub.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.touchpoint.Touchpoint;

class PortalAutoConfigurationTest {

    static final String[] PROPS = {"hub.connectors.portal.base-url=http://127.0.0.1:9", "hub.connectors.portal.token=t",
        "hub.connectors.portal.callback-secret=s"};

    @Test
    void tokenAndCallbackSecretAreMaskedWhereverPropertiesAreShown() throws Exception {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PortalAutoConfiguration.class))
                .withPropertyValues(PROPS).run(context -> {
                    String shown = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()
                            .writeValueAsString(context.getBean(Connector.class).properties());
                    assertThat(shown).contains("127.0.0.1:9").doesNotContain("\"t\"").doesNotContain("\"s\"")
                            .contains(com.carrier.hub.api.SecretMask.MASK);
                });
    }

    @Test
    void disabledConnectorCreatesNothing() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PortalAutoConfiguration.class))
                .withPropertyValues(PROPS).withPropertyValues("hub.connectors.portal.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Connector.class).doesNotHaveBean(PortalClient.class));
    }

    @Test
    void theConnectorBringsItsTouchpointAndADisabledOneNone() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PortalAutoConfiguration.class))
                .withPropertyValues(PROPS)
                .run(context -> assertThat(context.getBean(Touchpoint.class)).isInstanceOf(PortalTouchpoint.class)
                        .extracting(Touchpoint::id).isEqualTo("PORTAL"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PortalAutoConfiguration.class))
                .withPropertyValues(PROPS).withPropertyValues("hub.connectors.portal.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Touchpoint.class));
    }

    @Test
    void callbackControllerOnlyInAServletWebApplication() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PortalAutoConfiguration.class))
                .withPropertyValues(PROPS)
                .run(context -> assertThat(context).hasSingleBean(PortalClient.class)
                        .doesNotHaveBean(PortalFeedbackController.class));
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(PortalAutoConfiguration.class))
                .withPropertyValues(PROPS)
                .run(context -> assertThat(context).hasSingleBean(PortalFeedbackController.class));
    }

    @Test
    void batchSizeOverTheContractsLimitIsRefusedNamingIt() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PortalAutoConfiguration.class))
                .withPropertyValues(PROPS).withPropertyValues("hub.connectors.portal.batch-size=501")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("batchSize"));
    }
}

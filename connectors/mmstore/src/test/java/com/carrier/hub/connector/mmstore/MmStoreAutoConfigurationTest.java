package com.carrier.hub.connector.mmstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.touchpoint.Touchpoint;

class MmStoreAutoConfigurationTest {

    static final String[] PROPS = {"hub.connectors.mmstore.base-url=http://127.0.0.1:9", "hub.connectors.mmstore.token=t",
        "hub.connectors.mmstore.callback-secret=s"};

    @Test
    void disabledConnectorCreatesNothing() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MmStoreAutoConfiguration.class))
                .withPropertyValues(PROPS).withPropertyValues("hub.connectors.mmstore.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Connector.class).doesNotHaveBean(MmStoreClient.class));
    }

    @Test
    void theConnectorBringsItsTouchpointAndADisabledOneNone() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MmStoreAutoConfiguration.class))
                .withPropertyValues(PROPS)
                .run(context -> assertThat(context.getBean(Touchpoint.class)).isInstanceOf(MmTouchpoint.class)
                        .extracting(Touchpoint::id).isEqualTo("MM"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MmStoreAutoConfiguration.class))
                .withPropertyValues(PROPS).withPropertyValues("hub.connectors.mmstore.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Touchpoint.class));
    }

    @Test
    void callbackControllerOnlyInAServletWebApplication() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MmStoreAutoConfiguration.class))
                .withPropertyValues(PROPS)
                .run(context -> assertThat(context).hasSingleBean(AppCatalog.class)
                        .hasSingleBean(HandsetAdaptation.class).doesNotHaveBean(MmFeedbackController.class));
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(MmStoreAutoConfiguration.class))
                .withPropertyValues(PROPS)
                .run(context -> assertThat(context).hasSingleBean(MmFeedbackController.class));
    }

    @Test
    void batchSizeOverTheContractsLimitIsRefusedNamingIt() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MmStoreAutoConfiguration.class))
                .withPropertyValues(PROPS).withPropertyValues("hub.connectors.mmstore.batch-size=501")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("batchSize"));
    }
}

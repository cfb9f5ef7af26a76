package com.carrier.hub.connector.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.touchpoint.Touchpoint;

class AppAutoConfigurationTest {

    static final String[] PROPS = {"hub.connectors.app.enabled=true", "hub.connectors.app.base-url=http://127.0.0.1:9",
        "hub.connectors.app.token=t", "hub.connectors.app.callback-secret=s"};

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AppAutoConfiguration.class));
    }

    @Test
    void offUnlessEnabledSoAHubWithoutTheAppStartsWithNoAppSettings() {
        runner().run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Connector.class)
                .doesNotHaveBean(Touchpoint.class).doesNotHaveBean(AppPushClient.class));
    }

    @Test
    void enabledItBringsTheAppTouchpointWithItsContract() {
        runner().withPropertyValues(PROPS).run(context -> {
            Touchpoint app = context.getBean(Touchpoint.class);
            assertThat(app).isInstanceOf(AppTouchpoint.class);
            assertThat(app.id()).isEqualTo("APP");
            assertThat(app.idempotent()).isTrue();
            assertThat(app.quietHours()).isTrue();
            assertThat(app.sliceSize()).isEqualTo(1000);
            assertThat(app.connectorId()).isEqualTo("app");
            assertThat(app.templateFields()).extracting(f -> f.name() + ":" + f.required())
                    .containsExactly("title:true", "body:true", "deeplink:false");
            assertThat(app.responseTypes()).containsExactly("DELIVERED", "OPENED", "CLICKED");
            assertThat(context.getBean(AppProperties.class).getBatchSize()).isEqualTo(1000);
        });
    }

    @Test
    void tokenAndCallbackSecretAreMaskedWhereverPropertiesAreShown() {
        runner().withPropertyValues(PROPS).run(context -> {
            String shown = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()
                    .writeValueAsString(context.getBean(Connector.class).properties());
            assertThat(shown).contains("127.0.0.1:9").doesNotContain("\"t\"").doesNotContain("\"s\"")
                    .contains(com.carrier.hub.api.SecretMask.MASK);
        });
    }

    @Test
    void batchSizeOverTheContractsLimitIsRefusedNamingIt() {
        runner().withPropertyValues(PROPS).withPropertyValues("hub.connectors.app.batch-size=1001")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("batchSize"));
        runner().withPropertyValues(PROPS).withPropertyValues("hub.connectors.app.batch-size=1000")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void validationOfACandidateNamesBatchSizeAndTheLimit() {
        AppProperties p = new AppProperties();
        p.setBatchSize(1001);
        assertThat(new AppConnector(p, null).validate(p)).anySatisfy(e -> {
            assertThat(e.property()).isEqualTo("hub.connectors.app.batch-size");
            assertThat(e.message()).contains("at most 1000").contains("1001");
        });
        p.setBatchSize(1000);
        assertThat(new AppConnector(p, null).validate(p)).isEmpty();
    }

    @Test
    void propertiesShownAsJsonHaveNoValidationHelpers() throws Exception {
        String shown = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()
                .writeValueAsString(new AppProperties());
        assertThat(shown).contains("\"batchSize\":1000").doesNotContain("WithinPeerLimit");
    }

    @Test
    void callbackControllerOnlyInAServletWebApplication() {
        runner().withPropertyValues(PROPS).run(context -> assertThat(context).hasSingleBean(AppPushClient.class)
                .doesNotHaveBean(AppFeedbackController.class));
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(AppAutoConfiguration.class))
                .withPropertyValues(PROPS)
                .run(context -> assertThat(context).hasSingleBean(AppFeedbackController.class));
    }
}

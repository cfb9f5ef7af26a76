package com.carrier.hub.runtime.touchpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.connector.sms.SmsTouchpoint;

/** Touchpoints are collected by id; a plug-in whose touchpoint takes a shipped one's id stops the start, naming both. */
class TouchpointRegistryTest {

    /** A plug-in's touchpoint that claims the id SMS. */
    static class PluginSms implements Touchpoint {
        @Override
        public String id() {
            return "SMS";
        }

        @Override
        public String description() {
            return "a province's own SMS";
        }

        @Override
        public boolean idempotent() {
            return false;
        }

        @Override
        public boolean quietHours() {
            return true;
        }

        @Override
        public List<TemplateField> templateFields() {
            return List.of();
        }

        @Override
        public List<String> responseTypes() {
            return List.of();
        }

        @Override
        public String connectorId() {
            return null;
        }

        @Override
        public List<ContactResult> send(TouchpointSlice slice) {
            return List.of();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(SmsTouchpoint.class, () -> new SmsTouchpoint(null, 1))
            .withBean(TouchpointRegistry.class);

    @Test
    void touchpointsAreFoundByIdWhateverTheCase() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            TouchpointRegistry registry = context.getBean(TouchpointRegistry.class);
            assertThat(registry.ids()).containsExactly("SMS");
            assertThat(registry.get("sms")).isInstanceOf(SmsTouchpoint.class);
            assertThat(registry.get("FAX")).isNull();
        });
    }

    @Test
    void twoTouchpointsWithOneIdRefuseTheStartNamingBothClasses() {
        runner.withBean(PluginSms.class).run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("two touchpoints have the id SMS")
                .hasMessageContaining(SmsTouchpoint.class.getName())
                .hasMessageContaining(PluginSms.class.getName()));
    }

    @Test
    void theRefusedStartSaysWhereEachCameFromAndWhatToDoWithoutAStackTrace() {
        runner.withBean(PluginSms.class).run(context -> {
            FailureAnalysis analysis = new DuplicateTouchpointIdFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("the failure is analysed").isNotNull();
            assertThat(analysis.getDescription()).startsWith("two touchpoints have the id SMS: ")
                    .contains(SmsTouchpoint.class.getName() + " (" + DuplicateTouchpointId.origin(SmsTouchpoint.class) + ")",
                            PluginSms.class.getName() + " (test-classes)");
            assertThat(analysis.getAction()).contains("remove the plug-in's jar from plugins/", "hub.connectors.sms.enabled=false");
        });
    }

    @Test
    void aTouchpointDeclaredInConfigurationWithAShippedOnesIdRefusesTheStartNamingBoth() {
        DeclaredTouchpointsProperties.Declared declared = new DeclaredTouchpointsProperties.Declared();
        declared.setEndpoint("direct:sms-elsewhere");
        assertThatThrownBy(() -> new TouchpointRegistry(List.of(new SmsTouchpoint(null, 1),
                new DeclaredTouchpoint("sms", declared, null))))
                .hasMessageContaining("two touchpoints have the id SMS")
                .hasMessageContaining(SmsTouchpoint.class.getName())
                .hasMessageContaining("hub.touchpoints.declared.SMS");
    }
}

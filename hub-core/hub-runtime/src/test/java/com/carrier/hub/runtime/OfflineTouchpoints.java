package com.carrier.hub.runtime;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.connector.mmstore.MmTouchpoint;
import com.carrier.hub.connector.portal.PortalTouchpoint;
import com.carrier.hub.connector.sms.SmsTouchpoint;

/**
 * The shipped touchpoints whose connectors a test switches off (each only then): campaigns name them and are validated
 * as in production, and a send answers RETRY (the peer not reached), so their contacts wait as for a connector that is
 * down.
 */
@TestConfiguration
public class OfflineTouchpoints {

    @Bean
    @ConditionalOnProperty(prefix = "hub.connectors.sms", name = "enabled", havingValue = "false")
    Touchpoint offlineSmsTouchpoint() {
        return new OfflineTouchpoint(new SmsTouchpoint(null, 1));
    }

    @Bean
    @ConditionalOnProperty(prefix = "hub.connectors.portal", name = "enabled", havingValue = "false")
    Touchpoint offlinePortalTouchpoint() {
        return new OfflineTouchpoint(new PortalTouchpoint(null));
    }

    @Bean
    @ConditionalOnProperty(prefix = "hub.connectors.mmstore", name = "enabled", havingValue = "false")
    Touchpoint offlineMmTouchpoint() {
        return new OfflineTouchpoint(new MmTouchpoint(null));
    }

    /** A touchpoint as another describes itself, whose peer is never reached. */
    record OfflineTouchpoint(Touchpoint described) implements Touchpoint {

        @Override
        public String id() {
            return described.id();
        }

        @Override
        public String description() {
            return described.description();
        }

        @Override
        public boolean idempotent() {
            return described.idempotent();
        }

        @Override
        public boolean quietHours() {
            return described.quietHours();
        }

        @Override
        public List<TemplateField> templateFields() {
            return described.templateFields();
        }

        @Override
        public List<String> responseTypes() {
            return described.responseTypes();
        }

        @Override
        public String connectorId() {
            return described.connectorId();
        }

        @Override
        public List<ContactResult> send(TouchpointSlice slice) {
            return slice.contacts().stream()
                    .map(c -> new ContactResult(c.msisdn(), ContactResult.Status.RETRY, "peer off in this test", List.of(), 0)).toList();
        }
    }
}

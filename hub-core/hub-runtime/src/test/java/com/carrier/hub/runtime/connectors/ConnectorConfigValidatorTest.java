package com.carrier.hub.runtime.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.connector.boss.BossConnector;
import com.carrier.hub.connector.boss.BossProperties;
import com.carrier.hub.connector.sms.SmsConnector;
import com.carrier.hub.connector.sms.SmsProperties;

/** The documented settings of a connector are accepted by validate, a misspelt one is refused by name. */
class ConnectorConfigValidatorTest {

    static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    final ConnectorConfigValidator validator = new ConnectorConfigValidator(FACTORY.getValidator());

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    static final Map<String, Object> BOSS_LOGIN = Map.of("host", "boss", "username", "hub", "password", "pw");

    List<FieldError> boss(Map<String, Object> more) {
        Map<String, Object> candidate = new java.util.LinkedHashMap<>(BOSS_LOGIN);
        candidate.putAll(more);
        return validator.validate(new BossConnector(new BossProperties()), candidate);
    }

    @Test
    void theBossOrderSettingsAndFoldersAreBossSettings() {
        assertThat(boss(Map.of("orders.url", "http://boss:8080", "orders.timeout", "5s", "orders.channel-code", "SMS",
                "customer-folder", "/in/customer", "order-folder", "/in/order"))).isEmpty();
        assertThat(boss(Map.of("orders.ur", "http://boss:8080"))).singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("hub.connectors.boss.orders.ur", "unknown property"));
        assertThat(boss(Map.of("customer-folder", " "))).singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("hub.connectors.boss.customer-folder"));
    }

    @Test
    void theSharedLicenceSettingsAreSmsSettings() {
        SmsConnector sms = new SmsConnector(new SmsProperties(), null);
        assertThat(validator.validate(sms, Map.of("host", "smsc", "system-id", "hub", "shared-licence", false,
                "shared-licence-refresh", "2s"))).isEmpty();
        assertThat(validator.validate(sms, Map.of("host", "smsc", "system-id", "hub", "shared-licens", false)))
                .singleElement().satisfies(e -> assertThat(e.toString()).contains("hub.connectors.sms.shared-licens", "unknown property"));
    }
}

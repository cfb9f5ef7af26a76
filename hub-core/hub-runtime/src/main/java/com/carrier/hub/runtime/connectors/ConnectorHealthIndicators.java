package com.carrier.hub.runtime.connectors;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;

/** Publishes each connector's probe as an actuator health component named by the connector id. */
@Component
public class ConnectorHealthIndicators implements SmartInitializingSingleton {

    private final ConnectorRegistry registry;
    private final HealthContributorRegistry health;

    public ConnectorHealthIndicators(ConnectorRegistry registry, HealthContributorRegistry health) {
        this.registry = registry;
        this.health = health;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (Connector connector : registry.all()) {
            if (health.getContributor(connector.id()) == null) {
                health.registerContributor(connector.id(), (HealthIndicator) () -> toHealth(registry.health(connector)));
            }
        }
    }

    static Health toHealth(ConnectorHealth h) {
        Health.Builder b = switch (h.status()) {
            case UP -> Health.up();
            case DOWN -> Health.down();
            case UNKNOWN -> Health.unknown();
        };
        if (h.reason() != null) {
            b.withDetail("reason", h.reason());
        }
        return b.withDetails(h.details()).build();
    }
}

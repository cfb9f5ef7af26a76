package com.carrier.hub.runtime.db;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import com.carrier.hub.testkit.EmbeddedDatabase;

/**
 * With {@code hub.database.embedded=true} (the sandbox and the tests) and no {@code spring.datasource.url}, starts an
 * embedded PostgreSQL — a real server from bundled binaries, nothing to install — and points the datasource at a fresh
 * database on it.
 */
public class EmbeddedDatabaseEnvironment implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.getProperty("hub.database.embedded", Boolean.class, false)
                || env.containsProperty("spring.datasource.url")) {
            return;
        }
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("hub");
        env.getPropertySources().addFirst(new MapPropertySource("hub-embedded-database", Map.of(
                "spring.datasource.url", db.url(),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password())));
    }

    @Override
    public int getOrder() {
        // after the config files are read, so hub.database.embedded from application-<profile>.yaml counts
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}

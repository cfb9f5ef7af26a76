package com.carrier.hub.runtime.db;

import java.util.HashMap;
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

    private static final String CONNECTION_TIMEOUT = "spring.datasource.hikari.connection-timeout";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.getProperty("hub.database.embedded", Boolean.class, false)
                || env.containsProperty("spring.datasource.url")) {
            return;
        }
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("hub");
        Map<String, Object> props = new HashMap<>(Map.of(
                "spring.datasource.url", db.url(),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password()));
        if (!env.containsProperty(CONNECTION_TIMEOUT)) {
            // The embedded server stops with the JVM, possibly before the application context does: a scheduler waiting
            // for a connection then gives up after 5 s instead of Hikari's 30, so the JVM exits promptly.
            props.put(CONNECTION_TIMEOUT, "5000");
        }
        env.getPropertySources().addFirst(new MapPropertySource("hub-embedded-database", props));
    }

    @Override
    public int getOrder() {
        // after the config files are read, so hub.database.embedded from application-<profile>.yaml counts
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}

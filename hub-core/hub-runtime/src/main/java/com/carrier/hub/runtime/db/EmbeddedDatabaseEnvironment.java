package com.carrier.hub.runtime.db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import com.carrier.hub.simulators.EmbeddedDatabase;

/**
 * With {@code hub.database.embedded=true} (the sandbox and the tests) and no {@code spring.datasource.url}, starts an
 * embedded PostgreSQL — a real server from bundled binaries, nothing to install — and points the datasource at it: a
 * database kept in {@code hub.database.data-dir} when that is set (the sandbox), else a fresh one (the tests).
 * Without an embedded database, refuses to start unless the datasource is set, naming the environment variables to
 * set ({@link MissingDatabaseSettings}). That check waits until the context is prepared: settings that arrive after
 * the environment (a test's {@code @DynamicPropertySource}) count too.
 */
public class EmbeddedDatabaseEnvironment implements EnvironmentPostProcessor, ApplicationListener<ApplicationPreparedEvent>,
        Ordered {

    private static final String CONNECTION_TIMEOUT = "spring.datasource.hikari.connection-timeout";

    /** The datasource settings a non-embedded hub needs, and the environment variables the shipped config reads them from. */
    private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("spring.datasource.url", "HUB_DB_URL");
        REQUIRED.put("spring.datasource.username", "HUB_DB_USERNAME");
        REQUIRED.put("spring.datasource.password", "HUB_DB_PASSWORD");
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        DatabaseProperties database = Binder.get(env).bind("hub.database", DatabaseProperties.class)
                .orElseGet(DatabaseProperties::new);
        if (!database.isEmbedded() || env.containsProperty("spring.datasource.url")) {
            return;
        }
        boolean kept = database.getDataDir() != null && !database.getDataDir().toString().isBlank();
        EmbeddedDatabase.Database db = kept
                ? EmbeddedDatabase.persistent(database.getDataDir(), "hub", database.isFresh())
                : EmbeddedDatabase.create("hub");
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
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableEnvironment env = event.getApplicationContext().getEnvironment();
        boolean embedded = Binder.get(env).bind("hub.database", DatabaseProperties.class)
                .map(DatabaseProperties::isEmbedded).orElse(false);
        if (!embedded) {
            requireDatasource(env);
        }
    }

    /** Fails with one line naming what to set when the datasource's URL is missing or a setting's placeholder is unset. */
    private static void requireDatasource(ConfigurableEnvironment env) {
        List<String> missing = new ArrayList<>();
        REQUIRED.forEach((property, variable) -> {
            String value;
            try {
                value = env.getProperty(property);
            } catch (IllegalArgumentException unresolvedPlaceholder) {
                missing.add(variable);
                return;
            }
            if (property.endsWith(".url") && (value == null || value.isBlank())) {
                missing.add(variable);
            }
        });
        if (!missing.isEmpty()) {
            throw new MissingDatabaseSettings(missing, List.of(env.getActiveProfiles()));
        }
    }

    @Override
    public int getOrder() {
        // after the config files are read, so hub.database.embedded from application-<profile>.yaml counts
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}

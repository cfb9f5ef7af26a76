package com.carrier.hub.runtime.db;

import java.util.List;

/**
 * The hub has no embedded database and the settings of its PostgreSQL are missing: the message names the environment
 * variables to set, and {@link MissingDatabaseSettingsFailureAnalyzer} prints it without a stack trace.
 */
public class MissingDatabaseSettings extends IllegalStateException {

    private final List<String> variables;

    MissingDatabaseSettings(List<String> variables, List<String> profiles) {
        super("the hub's database is not configured for profile(s) " + profiles + ": set " + String.join(", ", variables)
                + " (spring.datasource.url/username/password, for example HUB_DB_URL=jdbc:postgresql://db:5432/hub)");
        this.variables = List.copyOf(variables);
    }

    /** The environment variables to set, {@code HUB_DB_URL} first when it is among them. */
    public List<String> variables() {
        return variables;
    }
}

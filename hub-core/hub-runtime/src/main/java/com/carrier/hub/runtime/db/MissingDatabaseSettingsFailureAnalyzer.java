package com.carrier.hub.runtime.db;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports {@link MissingDatabaseSettings} as Spring Boot's "APPLICATION FAILED TO START" notice, without a stack trace. */
public class MissingDatabaseSettingsFailureAnalyzer extends AbstractFailureAnalyzer<MissingDatabaseSettings> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingDatabaseSettings cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + String.join(", ", cause.variables()) + " in the hub's environment (see README \"Configuration\"),"
                        + " or run the sandbox (./hub) for an embedded database.", cause);
    }
}

package com.carrier.hub.runtime.touchpoints;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports {@link DuplicateTouchpointId} as Spring Boot's "APPLICATION FAILED TO START" notice, without a stack trace. */
public class DuplicateTouchpointIdFailureAnalyzer extends AbstractFailureAnalyzer<DuplicateTouchpointId> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DuplicateTouchpointId cause) {
        StringBuilder action = new StringBuilder("Take one of them away: remove the plug-in's jar from plugins/ or give its"
                + " touchpoint another id. A plug-in does not replace a shipped touchpoint silently");
        if (!cause.connectors().isEmpty()) {
            action.append("; to replace one, turn its connector off (");
            action.append(String.join(" or ", cause.connectors().stream().map(c -> "hub.connectors." + c + ".enabled=false").toList()));
            action.append(')');
        }
        return new FailureAnalysis(cause.getMessage(), action.append('.').toString(), cause);
    }
}

package com.carrier.hub.runtime.touchpoints;

import java.security.CodeSource;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import com.carrier.hub.api.touchpoint.Touchpoint;

/**
 * Two touchpoints have one id: the hub refuses to start, naming both classes and the jar each came from (a plug-in's
 * in plugins/, a shipped connector's inside the hub), and {@link DuplicateTouchpointIdFailureAnalyzer} prints it
 * without a stack trace.
 */
public class DuplicateTouchpointId extends IllegalStateException {

    private final List<String> connectors;

    DuplicateTouchpointId(String id, Touchpoint first, Touchpoint second) {
        super("two touchpoints have the id " + id + ": " + describe(first) + " and " + describe(second)
                + "; remove one of them (or its plug-in jar)");
        this.connectors = Stream.of(first.connectorId(), second.connectorId()).filter(Objects::nonNull).distinct().toList();
    }

    /** The ids of the connectors the two touchpoints send through, for the advice to turn one off. */
    public List<String> connectors() {
        return connectors;
    }

    private static String describe(Touchpoint t) {
        if (t instanceof DeclaredTouchpoint) {
            return "hub.touchpoints.declared." + t.id() + " (configuration)";
        }
        return t.getClass().getName() + " (" + origin(t.getClass()) + ")";
    }

    /** The file name of the jar (or classes folder) a class was loaded from. */
    static String origin(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "loaded from an unknown place";
        }
        // file:/hub/plugins/acme.jar, jar:nested:/hub/hub.jar/!BOOT-INF/lib/hub-connector-sms.jar!/, file:/x/classes/
        String s = source.getLocation().toString();
        while (s.endsWith("/") || s.endsWith("!")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.substring(s.lastIndexOf('/') + 1);
    }
}

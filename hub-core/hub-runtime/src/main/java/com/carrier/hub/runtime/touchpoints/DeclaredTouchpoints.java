package com.carrier.hub.runtime.touchpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.runtime.connectors.ConnectorRegistry;

/**
 * The touchpoints of {@code hub.touchpoints.declared.*} that this hub registers: those enabled whose connector (or
 * declared peer) is in the hub. One whose connector is absent (the call centre not configured) is left out, logged,
 * and its campaigns' contacts wait as for a disabled connector. A file layout with a problem stops the start naming it.
 */
@Component
public class DeclaredTouchpoints {

    private static final Logger LOG = LoggerFactory.getLogger(DeclaredTouchpoints.class);

    private final List<Touchpoint> touchpoints = new ArrayList<>();

    public DeclaredTouchpoints(DeclaredTouchpointsProperties properties, ConnectorRegistry connectors, ProducerTemplate producer) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, DeclaredTouchpointsProperties.Declared> e : properties.getDeclared().entrySet()) {
            String where = "hub.touchpoints.declared." + e.getKey();
            DeclaredTouchpointsProperties.Declared d = e.getValue();
            if (!d.isEnabled()) {
                continue;
            }
            if (d.getFile() != null) {
                d.getFile().problems().forEach(p -> problems.add(where + ".file." + p));
            }
            DeclaredTouchpoint t = new DeclaredTouchpoint(e.getKey(), d, producer);
            if (t.connectorId() != null && connectors.find(t.connectorId()).isEmpty()) {
                LOG.info("touchpoints: {} not registered: its connector {} is not in this hub ({}.connector)", t.id(),
                        t.connectorId(), where);
                continue;
            }
            touchpoints.add(t);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("declared touchpoints: " + String.join("; ", problems));
        }
    }

    /** The declared touchpoints registered in this hub. */
    public List<Touchpoint> touchpoints() {
        return List.copyOf(touchpoints);
    }
}

package com.carrier.hub.runtime.connectors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.HealthProbe;

/**
 * Every {@link Connector} bean in the application: those shipped with the hub and those from jars in plugins/.
 * Ids must be unique; a duplicate stops the start with both classes named.
 */
@Component
public class ConnectorRegistry {

    private final Map<String, Connector> byId = new TreeMap<>();
    private final Duration probeTimeout;

    @Autowired
    public ConnectorRegistry(List<Connector> connectors, ConnectorsProperties properties) {
        this(connectors, properties.getHealthTimeout());
    }

    public ConnectorRegistry(List<Connector> connectors, Duration probeTimeout) {
        this.probeTimeout = probeTimeout;
        for (Connector c : connectors) {
            Connector clash = byId.putIfAbsent(c.id(), c);
            if (clash != null) {
                throw new IllegalStateException("connector id '" + c.id() + "' is declared twice: by "
                        + clash.getClass().getName() + " and " + c.getClass().getName());
            }
        }
    }

    public List<Connector> all() {
        return List.copyOf(byId.values());
    }

    public Optional<Connector> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Probes the connector's peer under the configured timeout; never throws. */
    public ConnectorHealth health(Connector connector) {
        return HealthProbe.run(connector, probeTimeout);
    }
}

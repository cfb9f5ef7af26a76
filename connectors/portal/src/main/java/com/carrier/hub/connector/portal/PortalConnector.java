package com.carrier.hub.connector.portal;

import java.util.List;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;

/** The portal connector: offers to the portal (PEERS §3.1), its event callbacks to the response store (§3.2). */
public class PortalConnector implements Connector {

    private final PortalProperties properties;
    private final PortalClient client;

    public PortalConnector(PortalProperties properties, PortalClient client) {
        this.properties = properties;
        this.client = client;
    }

    @Override
    public String id() {
        return "portal";
    }

    @Override
    public String description() {
        return "Pushes campaign offers to the carrier's portal site and receives its signed impression, click and order callbacks.";
    }

    @Override
    public Object properties() {
        return properties;
    }

    @Override
    public ConnectorHealth probe() throws Exception {
        return ConnectorHealth.up(client.probe());
    }

    /** None: offers go out only through the campaign dispatch ({@link PortalTouchpoint}), under the contact policy. */
    @Override
    public List<String> endpoints() {
        return List.of();
    }

    @Override
    public List<FieldError> validate(Object candidate) {
        return candidate instanceof PortalProperties p ? p.validate("hub.connectors.portal") : List.of();
    }
}

package com.carrier.hub.connector.portal;

import java.util.List;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;

/** The portal connector: offers to the portal (PEERS §3.1), its event callbacks to the response store (§3.2). */
public class PortalConnector implements Connector {

    /** Kamelet pushing offers (an Offer, a list of them, or offers JSON) to the portal. */
    public static final String OFFER_SINK = "portal-offer-sink";
    /** Kamelet withdrawing every offer of the campaign whose id is the body. */
    public static final String WITHDRAW_SINK = "portal-offer-withdraw-sink";

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

    @Override
    public List<String> endpoints() {
        return List.of(OFFER_SINK, WITHDRAW_SINK);
    }

    @Override
    public List<FieldError> validate(Object candidate) {
        return candidate instanceof PortalProperties p ? p.validate("hub.connectors.portal") : List.of();
    }
}

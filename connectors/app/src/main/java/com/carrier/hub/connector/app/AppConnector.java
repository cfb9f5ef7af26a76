package com.carrier.hub.connector.app;

import java.util.List;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;

/** The app push connector: pushes to the carrier's app (PEERS §10.1), its event callbacks to the response store (§10.2). */
public class AppConnector implements Connector {

    private final AppProperties properties;
    private final AppPushClient client;

    public AppConnector(AppProperties properties, AppPushClient client) {
        this.properties = properties;
        this.client = client;
    }

    @Override
    public String id() {
        return "app";
    }

    @Override
    public String description() {
        return "Pushes campaign messages to the carrier's app and receives its signed delivered, opened and clicked callbacks.";
    }

    @Override
    public Object properties() {
        return properties;
    }

    /** Posts an empty batch with the token: proves the address, the endpoint and the token without pushing anything. */
    @Override
    public ConnectorHealth probe() throws Exception {
        return ConnectorHealth.up(client.probe());
    }

    /** None: pushes go out only through the campaign dispatch ({@link AppTouchpoint}), under the contact policy. */
    @Override
    public List<String> endpoints() {
        return List.of();
    }

    @Override
    public List<FieldError> validate(Object candidate) {
        return candidate instanceof AppProperties p ? p.validate("hub.connectors.app") : List.of();
    }
}

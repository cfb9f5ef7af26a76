package com.carrier.hub.connector.mmstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;

/**
 * The MM store connector: the app catalog (PEERS §4.1), handset-adapted recommendations to MM (§4.2), MM's download
 * callbacks to the response store (§4.3).
 */
public class MmStoreConnector implements Connector {

    /** Kamelet pushing recommendations (a Recommendation, a list of them, or items JSON) to MM. */
    public static final String RECOMMENDATION_SINK = "mmstore-recommendation-sink";

    private final MmStoreProperties properties;
    private final MmStoreClient client;
    private final AppCatalog catalog;

    public MmStoreConnector(MmStoreProperties properties, MmStoreClient client, AppCatalog catalog) {
        this.properties = properties;
        this.client = client;
        this.catalog = catalog;
    }

    @Override
    public String id() {
        return "mmstore";
    }

    @Override
    public String description() {
        return "Pushes handset-adapted app recommendations to the MM app store, holds its app catalog and receives its signed download callbacks.";
    }

    @Override
    public Object properties() {
        return properties;
    }

    @Override
    public ConnectorHealth probe() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>(client.probe());
        AppCatalog.Snapshot snapshot = catalog.snapshot();
        details.put("catalogApps", snapshot.apps().size());
        details.put("catalogSource", snapshot.source() == null ? "(none loaded yet)" : snapshot.source());
        return ConnectorHealth.up(details);
    }

    @Override
    public List<String> endpoints() {
        return List.of(RECOMMENDATION_SINK);
    }

    @Override
    public List<FieldError> validate(Object candidate) {
        return candidate instanceof MmStoreProperties p ? p.validate("hub.connectors.mmstore") : List.of();
    }
}

package com.carrier.hub.connector.mmstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;
import com.carrier.hub.batchfile.sftp.SftpFolder;
import com.carrier.hub.batchfile.sftp.SftpProbe;

/**
 * The MM store connector: the app catalog (PEERS §4.1), handset-adapted recommendations to MM (§4.2), MM's download
 * callbacks to the response store (§4.3).
 */
public class MmStoreConnector implements Connector {

    /** Kamelet polling MM's SFTP catalog folder for {@code MM_APPS_<yyyyMMdd>.dat} (settings {@code catalog.*}). */
    public static final String CATALOG_SOURCE = "mmstore-catalog-source";

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
        if (properties.hasCatalogSource()) {
            MmCatalogSource source = properties.getCatalog();
            ConnectorHealth sftp;
            try {
                sftp = SftpProbe.probe(source, List.of(source.getDirectory()));
            } catch (Exception e) {
                throw new IllegalStateException("catalog server: " + e.getMessage(), e);
            }
            sftp.details().forEach((k, v) -> details.put("catalog " + k, v));
        }
        return ConnectorHealth.up(details);
    }

    /**
     * The catalog source only: recommendations go out only through the campaign dispatch ({@link MmTouchpoint}), under
     * the contact policy.
     */
    @Override
    public List<String> endpoints() {
        return List.of(CATALOG_SOURCE);
    }

    /**
     * Opens a folder on MM's catalog SFTP server for the batch-file engine's housekeeping (control file, done/,
     * quarantine/), with the settings the Kamelet uses.
     *
     * @throws IllegalStateException when no catalog server is configured
     */
    public SftpFolder.Opener catalogFolders() {
        if (!properties.hasCatalogSource()) {
            throw new IllegalStateException("mmstore: no catalog server configured (hub.connectors.mmstore.catalog.host)");
        }
        MmCatalogSource source = properties.getCatalog();
        return directory -> SftpFolder.open(source, directory);
    }

    @Override
    public List<FieldError> validate(Object candidate) {
        return candidate instanceof MmStoreProperties p ? p.validate("hub.connectors.mmstore") : List.of();
    }
}

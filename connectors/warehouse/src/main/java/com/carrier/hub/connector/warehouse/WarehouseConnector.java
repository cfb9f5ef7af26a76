package com.carrier.hub.connector.warehouse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;
import com.carrier.hub.batchfile.sftp.SftpFolder;
import com.carrier.hub.batchfile.sftp.SftpProbe;

/** The business-analysis warehouse connector: target lists from, and contact/response/customer feeds to, its SFTP server. */
public class WarehouseConnector implements Connector {

    private final WarehouseProperties properties;

    public WarehouseConnector(WarehouseProperties properties) {
        this.properties = properties;
    }

    @Override
    public String id() {
        return "warehouse";
    }

    @Override
    public String description() {
        return "Business-analysis warehouse over SFTP: target lists in, contact, response, evaluation and customer feeds out.";
    }

    @Override
    public WarehouseProperties properties() {
        return properties;
    }

    /** Logs in to the warehouse SFTP server (host key checked) and lists the target and incoming folders. */
    @Override
    public ConnectorHealth probe() throws Exception {
        return SftpProbe.probe(properties, List.of(properties.getTargetFolder(), properties.getInFolder()));
    }

    /** Opens a folder on the warehouse server for the batch-file engine's housekeeping. */
    public SftpFolder.Opener folders() {
        return directory -> SftpFolder.open(properties, directory);
    }

    @Override
    public List<String> endpoints() {
        return List.of("warehouse-target-list-source", "warehouse-feed-sink");
    }

    @Override
    public List<FieldError> validate(Object candidate) {
        WarehouseProperties p = (WarehouseProperties) candidate;
        List<FieldError> errors = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(WarehouseProperties.shippedFeeds().keySet());
        keys.addAll(p.getFeeds().keySet());
        for (String key : keys) {
            for (String problem : p.feed(key).problems()) {
                errors.add(new FieldError("hub.connectors.warehouse.feeds." + key, problem));
            }
        }
        if ((p.getPassword() == null || p.getPassword().isEmpty()) && (p.getPrivateKeyFile() == null || p.getPrivateKeyFile().isEmpty())) {
            errors.add(new FieldError("hub.connectors.warehouse.password", "set a password or a private-key-file"));
        }
        return errors;
    }
}

package com.carrier.hub.connector.boss;

import java.util.ArrayList;
import java.util.List;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;
import com.carrier.hub.batchfile.sftp.SftpFolder;
import com.carrier.hub.batchfile.sftp.SftpProbe;

/** The BOSS connector: customer, product, subscription and order batch files from the BOSS SFTP server. */
public class BossConnector implements Connector {

    private final BossProperties properties;

    public BossConnector(BossProperties properties) {
        this.properties = properties;
    }

    @Override
    public String id() {
        return "boss";
    }

    @Override
    public String description() {
        return "BOSS over SFTP: customer delta, product catalog, subscriptions and orders batch files (control-file verified).";
    }

    @Override
    public BossProperties properties() {
        return properties;
    }

    /** Logs in to the BOSS SFTP server (host key checked) and lists the four feed folders. */
    @Override
    public ConnectorHealth probe() throws Exception {
        return SftpProbe.probe(properties, List.of(properties.getCustomerFolder(), properties.getProductFolder(),
                properties.getSubscriptionFolder(), properties.getOrderFolder()));
    }

    /** Opens a folder on the BOSS server for the batch-file engine's housekeeping (same settings as the Kamelets). */
    public SftpFolder.Opener folders() {
        return directory -> SftpFolder.open(properties, directory);
    }

    @Override
    public List<String> endpoints() {
        return List.of("boss-sftp-source");
    }

    @Override
    public List<FieldError> validate(Object candidate) {
        List<FieldError> errors = new ArrayList<>();
        BossProperties p = (BossProperties) candidate;
        for (String key : p.getFeeds().keySet()) {
            for (String problem : p.feed(key).problems()) {
                errors.add(new FieldError("hub.connectors.boss.feeds." + key, problem));
            }
        }
        if ((p.getPassword() == null || p.getPassword().isEmpty()) && (p.getPrivateKeyFile() == null || p.getPrivateKeyFile().isEmpty())) {
            errors.add(new FieldError("hub.connectors.boss.password", "set a password or a private-key-file"));
        }
        return errors;
    }
}

package com.carrier.hub.simulators.sftp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MM's catalog SFTP server ({@code /mm/out/catalog/}, PEERS §4.1) as the {@code mmstore} connector's second peer:
 * the recommendations and callbacks go to MM's HTTP server ({@code MmStoreSimulator}), the catalog file comes from
 * here. Points the connector at it with {@code hub.connectors.mmstore.catalog.*}.
 */
public class MmSftpSimulator extends SftpSimulator {

    /** The catalog folder. */
    public static final String CATALOG = "/mm/out/catalog";

    public MmSftpSimulator() {
        super("mmstore");
    }

    @Override
    public String name() {
        return "MM catalog SFTP server (MINA SSHD)";
    }

    @Override
    public Map<String, String> connectorProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        super.connectorProperties().forEach((k, v) ->
                props.put(k.replace("hub.connectors.mmstore.", "hub.connectors.mmstore.catalog."), v));
        props.put("hub.connectors.mmstore.catalog.directory", CATALOG);
        // MM publishes one catalog a day; polled every 2 s here so the sandbox shows the day's file at once
        props.put("hub.connectors.mmstore.catalog.poll-delay", "2s");
        return props;
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("role", "MM app catalog server: drop MM_APPS_<yyyyMMdd>.dat and its .chk in " + CATALOG);
        d.putAll(super.describe());
        return d;
    }
}

package com.carrier.hub.runtime.peers;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Peers declared in configuration rather than by a connector module: {@code hub.peers.<id>.*}, each an SFTP server
 * ({@link SftpPeerProperties}). {@link SftpPeers} binds them before the connectors are collected and registers a
 * {@link SftpPeerConnector} for each one that has a host.
 */
@ConfigurationProperties("hub")
public class PeersProperties {

    /** The SFTP peers by kebab-case id ({@code call-centre}); the id is the connector's and its health component's. */
    private Map<String, SftpPeerProperties> peers = new LinkedHashMap<>();

    public Map<String, SftpPeerProperties> getPeers() {
        return peers;
    }

    public void setPeers(Map<String, SftpPeerProperties> peers) {
        this.peers = peers;
    }
}

package com.carrier.hub.runtime.touchpoints.files;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import com.carrier.hub.batchfile.sftp.SftpSettings;

/**
 * SFTP peers that are not connectors of their own, by id: the servers of touchpoints declared in configuration, such as
 * the 10086 call centre ({@code hub.peers.call-centre.host}, {@code .port}, {@code .username}, {@code .password},
 * {@code .known-hosts-file} …, the same settings as a file connector's). The generic Kamelet
 * {@code sftp-pair-source} takes a peer by this id; a route naming a peer that is not configured here is skipped.
 * A peer is configured once its host is named; one named with an incomplete login (no username) fails start-up naming
 * the property. Settings of a peer without a host (a profile's poll delay, say) are kept and unused.
 */
@ConfigurationProperties("hub")
public class SftpPeersProperties implements Validator {

    /** The SFTP peers by id (lower-case, kebab-case), each with its host, login, host-key checking and poll delay. */
    private Map<String, SftpSettings> peers = new LinkedHashMap<>();

    @Override
    public boolean supports(Class<?> type) {
        return SftpPeersProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        peers.forEach((id, s) -> {
            if (s.getHost() == null || s.getHost().isBlank()) {
                return;
            }
            String at = "peers[" + id + "].";
            if (s.getUsername() == null || s.getUsername().isBlank()) {
                errors.rejectValue(at + "username", "required", "hub.peers." + id + ".username is required once its host is named");
            }
            if (s.getPort() < 1 || s.getPort() > 65535) {
                errors.rejectValue(at + "port", "range", "hub.peers." + id + ".port must be 1-65535, got " + s.getPort());
            }
            if (!"yes".equals(s.getStrictHostKeyChecking()) && !"no".equals(s.getStrictHostKeyChecking())) {
                errors.rejectValue(at + "strictHostKeyChecking", "pattern",
                        "hub.peers." + id + ".strict-host-key-checking must be yes or no");
            }
        });
    }

    /** The peer of this id, when its host is configured. */
    public Optional<SftpSettings> peer(String id) {
        SftpSettings s = id == null ? null : peers.get(id);
        return s == null || s.getHost() == null || s.getHost().isBlank() ? Optional.empty() : Optional.of(s);
    }

    public Map<String, SftpSettings> getPeers() {
        return peers;
    }

    public void setPeers(Map<String, SftpSettings> peers) {
        this.peers = peers;
    }
}

package com.carrier.hub.runtime.peers;

import java.util.LinkedHashMap;
import java.util.Map;

import com.carrier.hub.batchfile.sftp.SftpSettings;

/**
 * One SFTP peer declared in configuration ({@code hub.peers.<id>.*}), for a touchpoint or feed built from configuration
 * and routes alone: its server and login (the common SFTP settings) and its folders by name. The peer becomes a
 * connector of that id once its {@code host} is set; without a host it is not configured, and the routes naming it are
 * skipped.
 */
public class SftpPeerProperties extends SftpSettings {

    /** Whether the peer is used at all; off leaves it out as if it had no host. */
    private boolean enabled = true;

    /** What the peer is, in one sentence for the admin console. */
    private String description = "SFTP peer";

    /**
     * The peer's folders by name ({@code in: /cc/in}, {@code out: /cc/out}); routes read them as
     * {@code {{hub.peers.<id>.folders.<name>}}}, and the health probe lists each.
     */
    private Map<String, String> folders = new LinkedHashMap<>();

    /** The local work folder of a peer that sets none: {@code /tmp/hub-sftp-work/<id>}. */
    public static String localWorkDirectoryOf(String id) {
        return "/tmp/hub-sftp-work/" + id;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public Map<String, String> getFolders() {
        return folders;
    }

    public void setFolders(Map<String, String> folders) {
        this.folders = folders;
    }
}

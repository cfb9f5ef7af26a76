package com.carrier.hub.batchfile.sftp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.ConnectorHealth;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;

/**
 * The file connectors' health probe: a real SFTP login (with the configured host-key checking) and a listing of
 * each folder the connector uses. Throws with a message that says what failed and where.
 */
public final class SftpProbe {

    private SftpProbe() {
    }

    public static ConnectorHealth probe(SftpSettings s, List<String> folders) throws Exception {
        String where = s.getHost() + ":" + s.getPort();
        Session session = SftpFolder.session(s);
        int timeout = (int) s.getConnectTimeout().toMillis();
        try {
            session.connect(timeout);
        } catch (JSchException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("HostKey") || m.contains("host key")) {
                throw new IllegalStateException("SFTP host key of " + where + " not trusted (check known-hosts-file "
                        + s.getKnownHostsFile() + "): " + m, e);
            }
            throw new IllegalStateException("SFTP login to " + where + " as " + s.getUsername() + " failed: " + m, e);
        }
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(timeout);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("server", where);
            for (String folder : folders) {
                try {
                    details.put(folder, sftp.ls(folder).size() - 2 + " entries");
                } catch (SftpException e) {
                    throw new IllegalStateException("cannot list " + folder + " on " + where + " as " + s.getUsername()
                            + ": " + e.getMessage(), e);
                }
            }
            sftp.disconnect();
            return ConnectorHealth.up(details);
        } finally {
            session.disconnect();
        }
    }
}

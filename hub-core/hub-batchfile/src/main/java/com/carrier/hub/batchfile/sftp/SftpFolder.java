package com.carrier.hub.batchfile.sftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;

/**
 * One folder on an SFTP peer, for the housekeeping of a file pair around camel-ftp's consumer: read the control
 * file, move the pair to {@code done/} or {@code quarantine/}, write the reject and reason files. camel-ftp's own
 * {@code move} runs only on commit with one expression and confirms the file's claim even when the route's error
 * handling swallowed a failure, while a batch file needs an outcome-dependent move and a plain retry after a
 * transient failure. Same JSch client and the same settings (host-key checking included) as camel-ftp.
 */
public final class SftpFolder implements AutoCloseable {

    private final Session session;
    private final ChannelSftp sftp;
    private final String dir;
    private final String where;

    private SftpFolder(Session session, ChannelSftp sftp, String dir, String where) {
        this.session = session;
        this.sftp = sftp;
        this.dir = dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
        this.where = where;
    }

    /** Opens a session to the peer for this folder. */
    public static SftpFolder open(SftpSettings s, String dir) throws IOException {
        String where = s.getHost() + ":" + s.getPort();
        try {
            Session session = session(s);
            int timeout = (int) s.getConnectTimeout().toMillis();
            session.connect(timeout);
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.setBulkRequests(s.getBulkRequests());
            sftp.connect(timeout);
            return new SftpFolder(session, sftp, dir, where);
        } catch (JSchException e) {
            throw new IOException("SFTP session to " + where + " as " + s.getUsername() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A session to the peer, not yet connected: known hosts (the configured file, else ~/.ssh/known_hosts), key or
     * password, host-key checking and ciphers as configured. The folder and the health probe both open theirs here.
     */
    static Session session(SftpSettings s) throws JSchException {
        JSch jsch = new JSch();
        if (s.getKnownHostsFile() != null && !s.getKnownHostsFile().isEmpty()) {
            jsch.setKnownHosts(s.getKnownHostsFile());
        } else {
            String home = System.getProperty("user.home") + "/.ssh/known_hosts";
            if (new java.io.File(home).exists()) {
                jsch.setKnownHosts(home);
            }
        }
        if (s.getPrivateKeyFile() != null && !s.getPrivateKeyFile().isEmpty()) {
            jsch.addIdentity(s.getPrivateKeyFile(), s.getPrivateKeyPassphrase());
        }
        Session session = jsch.getSession(s.getUsername(), s.getHost(), s.getPort());
        if (s.getPassword() != null && !s.getPassword().isEmpty()) {
            session.setPassword(s.getPassword());
        }
        session.setConfig("StrictHostKeyChecking", s.getStrictHostKeyChecking());
        if (s.getCiphers() != null && !s.getCiphers().isEmpty()) {
            session.setConfig("cipher.s2c", s.getCiphers());
            session.setConfig("cipher.c2s", s.getCiphers());
        }
        return session;
    }

    /** The bytes of {@code dir/name}, or null when there is no such file. */
    public byte[] readIfExists(String name) throws IOException {
        try (InputStream in = sftp.get(path(name))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw failed("read " + path(name), e);
        }
    }

    /** Moves {@code dir/name} to {@code dir/target/name} (replacing one already there); a missing file is skipped. */
    public void moveInto(String target, String name) throws IOException {
        String from = path(name);
        String to = path(target + "/" + name);
        try {
            mkdir(path(target));
            try {
                sftp.rm(to);
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
            sftp.rename(from, to);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return;
            }
            throw failed("move " + from + " to " + to, e);
        }
    }

    /** Writes {@code dir/relativePath} from a stream, under a temporary name renamed into place. */
    public void put(String relativePath, InputStream content) throws IOException {
        String to = path(relativePath);
        String tmp = to + ".tmp";
        try {
            int slash = relativePath.lastIndexOf('/');
            if (slash > 0) {
                mkdir(path(relativePath.substring(0, slash)));
            }
            sftp.put(content, tmp);
            try {
                sftp.rm(to);
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
            sftp.rename(tmp, to);
        } catch (SftpException e) {
            throw failed("write " + to, e);
        }
    }

    public void put(String relativePath, byte[] content) throws IOException {
        put(relativePath, new java.io.ByteArrayInputStream(content));
    }

    /** Writes {@code dir/name} from a stream as it is named (replacing it): the caller renames it into place. */
    public void write(String name, InputStream content) throws IOException {
        try {
            sftp.put(content, path(name));
        } catch (SftpException e) {
            throw failed("write " + path(name), e);
        }
    }

    /** Whether {@code dir/name} exists. */
    public boolean exists(String name) throws IOException {
        try {
            sftp.stat(path(name));
            return true;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw failed("look up " + path(name), e);
        }
    }

    /** Renames {@code dir/from} to {@code dir/to}, replacing a file of that name. */
    public void rename(String from, String to) throws IOException {
        delete(to);
        try {
            sftp.rename(path(from), path(to));
        } catch (SftpException e) {
            throw failed("rename " + path(from) + " to " + path(to), e);
        }
    }

    /** Removes {@code dir/name}; a missing file is skipped. */
    public void delete(String name) throws IOException {
        try {
            sftp.rm(path(name));
        } catch (SftpException e) {
            if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw failed("remove " + path(name), e);
            }
        }
    }

    private void mkdir(String path) throws SftpException {
        try {
            sftp.stat(path);
        } catch (SftpException e) {
            if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw e;
            }
            sftp.mkdir(path);
        }
    }

    private String path(String name) {
        return dir + "/" + name;
    }

    private IOException failed(String what, SftpException e) {
        return new IOException("SFTP " + where + ": could not " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        sftp.disconnect();
        session.disconnect();
    }

    /** Opens folders on one peer. */
    @FunctionalInterface
    public interface Opener {
        SftpFolder open(String directory) throws IOException;
    }
}

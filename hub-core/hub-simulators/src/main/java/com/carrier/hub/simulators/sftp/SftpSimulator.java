package com.carrier.hub.simulators.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.springframework.util.FileSystemUtils;

import com.carrier.hub.simulators.PeerSimulator;

/**
 * A real SFTP server (Apache MINA SSHD) on a free loopback port with the peers' directory layouts of PEERS.md:
 * BOSS {@code /boss/out/{customer,product,subscription,order}/}, warehouse {@code /dw/out/target/} and
 * {@code /dw/in/}, MM {@code /mm/out/catalog/}, call centre {@code /cc/in/} and {@code /cc/out/}, each with {@code done/} and {@code quarantine/} below the
 * outgoing folders. Password login; its host key is written to a {@code known_hosts} file that the connector is
 * pointed at, so host-key verification stays on in tests. Faults on demand: {@link #dropConnectionOnce(String, long)}
 * drops the session in the middle of a download.
 *
 * <p>One class per connector id for the sandbox's {@link java.util.ServiceLoader}: {@link BossSftpSimulator},
 * {@link WarehouseSftpSimulator}.
 */
public class SftpSimulator implements PeerSimulator {

    /** Outgoing folders (the peer writes, the hub reads and moves to done/ or quarantine/). */
    public static final List<String> OUTGOING = List.of("/boss/out/customer", "/boss/out/product", "/boss/out/subscription",
            "/boss/out/order", "/dw/out/target", "/mm/out/catalog", "/cc/out");
    /** Incoming folders (the hub writes). */
    public static final List<String> INCOMING = List.of("/dw/in", "/cc/in");

    private final String connectorId;
    private final String username;
    private final String password;
    private int fixedPort;
    private final Map<String, long[]> drops = new ConcurrentHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger dropsFired = new AtomicInteger();
    private Path root;
    private Path knownHosts;
    private SshServer server;

    public SftpSimulator(String connectorId) {
        this(connectorId, "hub", "hub-sftp-secret", 0);
    }

    public SftpSimulator(String connectorId, String username, String password, int port) {
        this.connectorId = connectorId;
        this.username = username;
        this.password = password;
        this.fixedPort = port;
    }

    @Override
    public String connectorId() {
        return connectorId;
    }

    @Override
    public String name() {
        return "SFTP server for " + connectorId + " (MINA SSHD)";
    }

    @Override
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        if (root == null) {
            root = Files.createTempDirectory("hub-sftp-" + connectorId + "-");
            for (String dir : OUTGOING) {
                Files.createDirectories(local(dir).resolve("done"));
                Files.createDirectories(local(dir).resolve("quarantine"));
            }
            for (String dir : INCOMING) {
                Files.createDirectories(local(dir));
            }
        }
        Path keys = root.getParent().resolve(root.getFileName() + "-hostkey.ser");
        SimpleGeneratorHostKeyProvider hostKey = new SimpleGeneratorHostKeyProvider(keys);
        hostKey.setAlgorithm("EC");
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(fixedPort);
        sshd.setKeyPairProvider(hostKey);
        sshd.setPasswordAuthenticator((user, pass, session) -> {
            boolean ok = username.equals(user) && password.equals(pass);
            if (ok) {
                logins.incrementAndGet();
            }
            return ok;
        });
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void reading(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen) throws IOException {
                String name = localHandle.getFile().getFileName().toString();
                long[] drop = drops.get(name);
                if (drop != null && offset + dataLen >= drop[0] && drops.remove(name) != null) {
                    dropsFired.incrementAndGet();
                    session.close(true);
                    throw new IOException("sftp simulator: connection dropped while reading " + name + " at byte " + offset);
                }
            }
        });
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        server = sshd;
        // a peer stopped for an outage comes back on the port the hub was pointed at
        fixedPort = sshd.getPort();
        KeyPair pair = hostKey.loadKeys(null).iterator().next();
        knownHosts = root.getParent().resolve(root.getFileName() + "-known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(pair.getPublic()) + "\n");
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }

    /**
     * Stops and removes the simulator's files, as far as it can: its folder tree, host key and known_hosts ({@link #stop()}
     * keeps them, so a peer stopped for an outage comes back with its files).
     */
    @Override
    public synchronized void close() {
        stop();
        if (root == null) {
            return;
        }
        try {
            FileSystemUtils.deleteRecursively(root);
            Files.deleteIfExists(root.getParent().resolve(root.getFileName() + "-hostkey.ser"));
            Files.deleteIfExists(root.getParent().resolve(root.getFileName() + "-known_hosts"));
        } catch (IOException e) {
            // best effort: what is left is a temporary folder, and the peer is stopped either way
        } finally {
            root = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null && server.isStarted();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getPort();
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The {@code known_hosts} file naming this server's host key, for host-key verification in the client. */
    public Path knownHostsFile() {
        return knownHosts;
    }

    /** The server's file-system root (the directories above live under it). */
    public Path root() {
        return root;
    }

    /** The local folder behind a remote path such as {@code /boss/out/customer}. */
    public Path local(String remoteDir) {
        return root.resolve(remoteDir.startsWith("/") ? remoteDir.substring(1) : remoteDir);
    }

    /** Names of the files directly in a remote folder, sorted. */
    public List<String> list(String remoteDir) {
        try (Stream<Path> files = Files.list(local(remoteDir))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every file under the outgoing and incoming folders (keeps the layout). */
    public void clear() throws IOException {
        for (String dir : Stream.concat(OUTGOING.stream(), INCOMING.stream()).toList()) {
            try (Stream<Path> files = Files.walk(local(dir))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The next download of {@code fileName} loses its connection once {@code afterBytes} have been asked for. */
    public void dropConnectionOnce(String fileName, long afterBytes) {
        drops.put(fileName, new long[] {afterBytes});
    }

    /** Connections dropped on purpose so far. */
    public int dropsFired() {
        return dropsFired.get();
    }

    /** Successful logins so far. */
    public int logins() {
        return logins.get();
    }

    @Override
    public Map<String, String> connectorProperties() {
        String p = propertyPrefix();
        Map<String, String> props = new LinkedHashMap<>();
        props.put(p + "host", host());
        props.put(p + "port", String.valueOf(port()));
        props.put(p + "username", username);
        props.put(p + "password", password);
        props.put(p + "known-hosts-file", knownHosts.toString());
        return props;
    }

    /** Where the hub's settings of this peer live: {@code hub.connectors.<id>.} for a connector module's peer. */
    protected String propertyPrefix() {
        return "hub.connectors." + connectorId + ".";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("protocol", "sftp");
        d.put("address", host() + ":" + (server == null ? "-" : port()));
        d.put("username", username);
        d.put("password", password);
        d.put("root", root == null ? "-" : root.toString());
        d.put("folders", Stream.concat(OUTGOING.stream(), INCOMING.stream()).toList());
        return d;
    }
}

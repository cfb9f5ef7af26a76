package com.carrier.hub.simulators.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.simulators.PeerSimulator;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real Kafka broker in this JVM (KRaft mode, one node that is broker and controller) for the {@code kafka}
 * connector.
 *
 * <p>It is the broker's own server ({@link KafkaRaftServer} from {@code org.apache.kafka:kafka_2.13}), started the way
 * {@code kafka-storage.sh format} and {@code kafka-server-start.sh} would: the log folder is formatted with Kafka's
 * {@link Formatter}, then the server starts. No Kafka or Spring test jar is needed, so the sandbox can run it from the
 * production jar.
 */
public class KafkaSimulator implements PeerSimulator {

    private static final Logger log = LoggerFactory.getLogger(KafkaSimulator.class);
    private static final String CONTROLLER = "CONTROLLER";
    private static final int PARTITIONS = 3;
    private static final int START_ATTEMPTS = 3;

    /** What the broker's durability is, for a benchmark's or a health page's description of what it runs on. */
    public static final String DURABILITY = "one in-JVM KRaft broker, replication factor 1, Kafka's default flush"
            + " (no fsync per append: OS page cache, kernel write-back)";

    private final String[] topics;
    private KafkaRaftServer server;
    private KafkaConfig config;
    private Path logDir;
    private String bootstrapServers;
    /** The broker is down for an outage ({@link #outage()}): its ports and log folder are kept for {@link #recover()}. */
    private boolean down;

    /** A broker with the sandbox's topics. */
    public KafkaSimulator() {
        this("hub.upstream", "hub.downstream");
    }

    public KafkaSimulator(String... topics) {
        this.topics = topics.clone();
    }

    @Override
    public String connectorId() {
        return "kafka";
    }

    @Override
    public String name() {
        return "Kafka broker (in-JVM KRaft)";
    }

    @Override
    public synchronized void start() throws Exception {
        if (server != null || down) {
            return;
        }
        keepJvmOnFatalBrokerError();
        // The controller's port goes into controller.quorum.voters before the server binds it, so both ports are
        // picked free first; another process may take one in between, hence a few attempts.
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                return;
            } catch (Exception e) {
                stop();
                if (attempt >= START_ATTEMPTS) {
                    throw new IllegalStateException("Kafka simulator: the in-JVM broker did not start after "
                            + attempt + " attempts: " + e.getMessage(), e);
                }
                log.warn("Kafka simulator: start attempt {} failed ({}); trying again on other ports", attempt,
                        e.toString());
            } catch (Error e) {
                // a class missing from the classpath, say: no second attempt, but no server or log folder left behind
                stop();
                throw e;
            }
        }
    }

    private void startOnce() throws Exception {
        int brokerPort = freePort();
        int controllerPort = freePort();
        logDir = Files.createTempDirectory("hub-kafka-simulator-");
        String dir = logDir.toString();

        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir);
        props.put("metadata.log.dir", dir);
        // One node: every internal topic has one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        // What the sandbox and the tests rely on: topics made on first use, three partitions, consumers join at once.
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", Integer.toString(PARTITIONS));
        props.put("delete.topic.enable", "true");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Durability is Kafka's production default (DURABILITY): log.flush.interval.messages and log.flush.interval.ms
        // are left unset, so the broker never forces an fsync per append; an appended record is in the OS page cache
        // and the kernel writes it back. A production cluster gets durability from replication (acks=all and
        // min.insync.replicas over three brokers); this single broker has no replica, so an acknowledged record
        // survives the JVM's crash (the page cache is the kernel's) but not the machine's before write-back.
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        config = new KafkaConfig(props, false);

        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(config.nodeId())
                .addDirectory(dir)
                .setMetadataLogDirectory(dir)
                .setControllerListenerName(CONTROLLER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();

        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        server = s;
        // Returns once the broker is registered and unfenced, i.e. serves clients.
        s.startup();
        bootstrapServers = "127.0.0.1:" + brokerPort;
        createTopics();
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> wanted = Arrays.stream(topics).map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
            admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A broker fault would otherwise call {@code Exit.halt}/{@code Exit.exit} and end the whole JVM (the hub, a test
     * run); an in-JVM simulator only logs it.
     */
    private static void keepJvmOnFatalBrokerError() {
        Exit.setExitProcedure((status, message) ->
                log.warn("Kafka simulator: the broker asked to exit the JVM (status {}: {}); ignored", status, message));
        Exit.setHaltProcedure((status, message) ->
                log.warn("Kafka simulator: the broker asked to halt the JVM (status {}: {}); ignored", status, message));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Takes the broker down as an outage would, for a test of how its clients ride one out: the server shuts down and
     * its port refuses connections, but its ports, topics, records and committed offsets are kept, and
     * {@link #recover()} brings it back on the same address. {@link #isRunning()} stays true: the simulator still owns
     * the broker.
     */
    public synchronized void outage() {
        if (server == null || down) {
            throw new IllegalStateException("Kafka simulator: no running broker to take down");
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        down = true;
        log.info("Kafka simulator: broker at {} down (outage)", bootstrapServers);
    }

    /** Brings the broker back after {@link #outage()}, on the same ports and log folder; returns once it serves clients. */
    public synchronized void recover() {
        if (!down) {
            throw new IllegalStateException("Kafka simulator: the broker is not down");
        }
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        s.startup();
        server = s;
        down = false;
        log.info("Kafka simulator: broker at {} back after its outage", bootstrapServers);
    }

    @Override
    public synchronized void stop() {
        try {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } finally {
            server = null;
            config = null;
            down = false;
            bootstrapServers = null;
            if (logDir != null) {
                try {
                    Utils.delete(logDir.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException("Kafka simulator: could not delete its log folder " + logDir, e);
                } finally {
                    logDir = null;
                }
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return (server != null || down) && bootstrapServers != null;
    }

    /** host:port list of the running broker. */
    public synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("Kafka simulator is not running");
        }
        return bootstrapServers;
    }

    @Override
    public Map<String, String> connectorProperties() {
        return Map.of("hub.connectors.kafka.bootstrap-servers", bootstrapServers());
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("bootstrapServers", bootstrapServers());
        d.put("topics", topics);
        d.put("security", "PLAINTEXT, no credentials");
        d.put("durability", DURABILITY);
        return d;
    }
}

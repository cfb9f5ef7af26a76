package com.carrier.hub.runtime.sandbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.connector.kafka.KafkaClientSettings;
import com.carrier.hub.connector.kafka.KafkaProperties;
import com.carrier.hub.simulators.kafka.KafkaSimulator;
import com.carrier.hub.simulators.kafka.NetworkEventGenerator;

/**
 * Sandbox only: once the hub is up, the carrier's network, charging and billing systems are simulated on the
 * sandbox's Kafka broker ({@link KafkaSimulator}): {@code hub.sandbox.events.rate} events a second
 * ({@link NetworkEventGenerator}: PEERS §11 types in the hub's envelope, about four in ten DATA usage at 80, 90 or
 * 100 percent) go to {@code hub.sandbox.events.topic}, keyed by MSISDN, about customers of the customer index. It
 * publishes nothing until the index has customers (the day of BOSS files {@link SandboxBossDay} drops), then picks
 * each event's customer from a sample of up to {@value #SAMPLE} normal-status customers, read again every ten
 * minutes. It connects with the hub's own Kafka settings ({@code hub.connectors.kafka.*}) and sends with
 * {@code acks=all}; it stops when the context closes, before the broker does.
 */
@Component
@Profile("sandbox")
public class SandboxNetworkEvents implements DisposableBean {

    /** The most customers the events are about at a time. */
    static final int SAMPLE = 5000;

    private static final Duration RESAMPLE = Duration.ofMinutes(10);
    private static final Duration LOOK_AGAIN = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final String CUSTOMERS = "SELECT msisdn FROM customer WHERE NOT deleted AND status = 1"
            + " ORDER BY random() LIMIT ?";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxNetworkEvents.class);

    private final SandboxPeers peers;
    private final SandboxNetworkEventsProperties properties;
    private final ObjectProvider<KafkaProperties> kafka;
    private final JdbcTemplate jdbc;
    private final NetworkEventGenerator generator = new NetworkEventGenerator();
    private final AtomicLong published = new AtomicLong();

    private ScheduledExecutorService timer;
    private KafkaProducer<String, String> producer;
    // Touched by the timer's one thread only.
    private List<String> customers = List.of();
    private long lookAt;
    // Written by the timer's thread and the producer's, so that a broker down or a failing query is logged once, not
    // at every event.
    private volatile boolean failing;

    public SandboxNetworkEvents(SandboxPeers peers, SandboxNetworkEventsProperties properties,
                                ObjectProvider<KafkaProperties> kafka, JdbcTemplate jdbc) {
        this.peers = peers;
        this.properties = properties;
        this.kafka = kafka;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (!properties.isEnabled()) {
            LOG.info("sandbox: no simulated network events (hub.sandbox.events.enabled=false)");
            return;
        }
        KafkaProperties settings = kafka.getIfAvailable();
        boolean broker = peers.peer(KafkaSimulator.class).filter(KafkaSimulator::isRunning).isPresent();
        if (settings == null || settings.getBootstrapServers() == null || settings.getBootstrapServers().isBlank() || !broker) {
            LOG.info("sandbox: no simulated network events: {}", settings == null ? "the kafka connector is off"
                    : !broker ? "the sandbox's Kafka broker is not running" : "hub.connectors.kafka.bootstrap-servers is not set");
            return;
        }
        Map<String, Object> config = new HashMap<>(KafkaClientSettings.common(settings));
        // a simulated upstream system, not the hub: its own client id
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "sandbox-network-events");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // a broker gone must not hold the timer for the producer's default minute
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLOSE_TIMEOUT.toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(config);
        lookAt = System.nanoTime();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-network-events");
            t.setDaemon(true);
            return t;
        });
        // with a fixed delay, a broker that was away does not leave a backlog of events to burst out at its return
        long period = Math.max(1, Math.round(1_000_000_000L / properties.getRate()));
        timer.scheduleWithFixedDelay(this::publishOne, period, period, TimeUnit.NANOSECONDS);
        LOG.info("sandbox: simulated network events (PEERS §11) to {} at {} a second, once the customer index has customers",
                properties.getTopic(), properties.getRate());
    }

    private void publishOne() {
        try {
            List<String> sample = customers();
            if (sample.isEmpty()) {
                return;
            }
            String msisdn = sample.get(ThreadLocalRandom.current().nextInt(sample.size()));
            NetworkEventGenerator.Event event = generator.next(msisdn);
            producer.send(new ProducerRecord<>(properties.getTopic(), msisdn, event.json()), this::sent);
        } catch (RuntimeException e) {
            // a task that throws is never run again: the stream goes on at the next period
            failed(e);
        }
    }

    /** The sample of customers, looked for every second while the index is empty, read again every ten minutes. */
    private List<String> customers() {
        long now = System.nanoTime();
        if (now - lookAt >= 0) {
            lookAt = now + (customers.isEmpty() ? LOOK_AGAIN : RESAMPLE).toNanos();
            List<String> found = jdbc.queryForList(CUSTOMERS, String.class, SAMPLE);
            if (customers.isEmpty() && !found.isEmpty()) {
                LOG.info("sandbox: simulated network events now flow to {}, about {} customers of the index",
                        properties.getTopic(), found.size());
            }
            if (!found.isEmpty()) {
                customers = found;
            }
        }
        return customers;
    }

    private void sent(RecordMetadata metadata, Exception e) {
        if (e != null) {
            failed(e);
        } else {
            published.incrementAndGet();
            if (failing) {
                failing = false;
                LOG.info("sandbox: simulated network events flow to {} again", properties.getTopic());
            }
        }
    }

    private void failed(Exception e) {
        if (!failing) {
            failing = true;
            // the cause's text is Kafka's or PostgreSQL's, not ours: masked in case it quotes a key
            LOG.warn("sandbox: a simulated network event could not be published to {}: {} (said once until they flow again)",
                    properties.getTopic(), Msisdn.maskAll(e.toString()));
        }
    }

    /** Stops the stream: no event after the timer, the producer's last sends given a few seconds. */
    @Override
    public synchronized void destroy() throws InterruptedException {
        if (timer == null) {
            return;
        }
        timer.shutdown(); // the periodic task is cancelled, an event being sent is let finish
        timer.awaitTermination(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        producer.close(CLOSE_TIMEOUT);
        timer = null;
        LOG.info("sandbox: simulated network events stopped after {} published", published.get());
    }
}

package com.carrier.hub.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.api.PermanentFailure;
import com.carrier.hub.simulators.kafka.KafkaSimulator;
import com.carrier.hub.testkit.SimulatorExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Kamelets as a route uses them (kamelet + YAML DSL + kafka components, placeholders from properties) against a
 * real in-JVM KRaft broker: what arrives, what is dead-lettered, what is committed and what comes again after a
 * restart, and what the sink writes.
 */
class KafkaKameletsIT {

    @RegisterExtension
    static final SimulatorExtension<KafkaSimulator> KAFKA = new SimulatorExtension<>(new KafkaSimulator());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaProducer<String, String> producer;
    private static Admin admin;

    @BeforeAll
    static void clients() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.simulator().bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(p);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.simulator().bootstrapServers()));
    }

    @AfterAll
    static void closeClients() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void aGoodEnvelopeArrivesParsedWithItsHeaders() throws Exception {
        String topic = topic();
        send(topic, envelope("m-1", "customer.changed", "{\"msisdn\":\"13800000000\"}"));
        BlockingQueue<Exchange> received = new LinkedBlockingQueue<>();
        try (CamelContext camel = consumer(topic, group(), received::add, new LinkedBlockingQueue<>())) {
            Exchange got = received.poll(60, TimeUnit.SECONDS);
            assertThat(got).as("message consumed").isNotNull();
            HubMessage message = got.getMessage().getBody(HubMessage.class);
            assertThat(message.messageId()).isEqualTo("m-1");
            assertThat(message.type()).isEqualTo("customer.changed");
            assertThat(message.sourceSystem()).isEqualTo("crm");
            assertThat(message.time()).isEqualTo(OffsetDateTime.parse("2026-11-22T08:00:00+08:00"));
            assertThat(message.payload().get("msisdn").asText()).isEqualTo("13800000000");
            assertThat(got.getMessage().getHeader(HubHeaders.MESSAGE_ID)).isEqualTo("m-1");
            assertThat(got.getMessage().getHeader(HubHeaders.MESSAGE_TYPE)).isEqualTo("customer.changed");
            assertThat(got.getMessage().getHeader(HubHeaders.SOURCE_SYSTEM)).isEqualTo("crm");
            assertThat(got.getMessage().getHeader(KafkaConstants.TOPIC)).isEqualTo(topic);
        }
    }

    @Test
    void badRecordsFailPermanentlyNamingWhereAndGoodOnesBesideThemFlow() throws Exception {
        String topic = topic();
        String group = group();
        send(topic, "this is not json");
        send(topic, "{\"type\":\"customer.changed\",\"sourceSystem\":\"crm\",\"payload\":{}}");
        send(topic, envelope("m-ok", "customer.changed", "{}"));
        BlockingQueue<Exchange> received = new LinkedBlockingQueue<>();
        BlockingQueue<Exchange> dead = new LinkedBlockingQueue<>();
        try (CamelContext camel = consumer(topic, group, received::add, dead)) {
            Exchange first = dead.poll(60, TimeUnit.SECONDS);
            Exchange second = dead.poll(30, TimeUnit.SECONDS);
            Exchange good = received.poll(30, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            Throwable notJson = first.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            Throwable lacks = second.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            assertThat(notJson).isInstanceOf(PermanentFailure.class)
                    .hasMessageStartingWith("kafka: message at " + topic + "/0/0 is not valid JSON");
            assertThat(((PermanentFailure) notJson).code()).isEqualTo("BAD_ENVELOPE");
            assertThat(lacks).isInstanceOf(PermanentFailure.class)
                    .hasMessage("kafka: message at " + topic + "/0/1 lacks messageId, time");
            // The dead-lettered record keeps its original content.
            assertThat(first.getMessage().getBody(String.class)).isEqualTo("this is not json");
            assertThat(good).isNotNull();
            assertThat(good.getMessage().getHeader(HubHeaders.MESSAGE_ID)).isEqualTo("m-ok");
            // Dead-lettered counts as handled: all three are committed.
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(group, topic) == 3L);
        }
    }

    @Test
    void aMessageWhoseProcessingFailedIsNotCommittedAndComesAgainAfterARestart() throws Exception {
        String topic = topic();
        String group = group();
        send(topic, envelope("a", "t", "{}"));
        send(topic, envelope("b", "t", "{}"));
        send(topic, envelope("c", "t", "{}"));

        // First run: "b" fails every time (no dead letter: the failure stays on the exchange).
        List<String> firstRun = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger attemptsOnB = new AtomicInteger();
        try (CamelContext camel = consumer(topic, group, exchange -> {
            String id = exchange.getMessage().getHeader(HubHeaders.MESSAGE_ID, String.class);
            if ("b".equals(id)) {
                attemptsOnB.incrementAndGet();
                throw new IllegalStateException("warehouse unavailable");
            }
            firstRun.add(id);
        }, new LinkedBlockingQueue<>())) {
            // "b" is polled again after each failure: the consumer goes back to it, never past it.
            await().atMost(Duration.ofSeconds(60)).until(() -> attemptsOnB.get() >= 2);
            assertThat(firstRun).containsExactly("a");
            assertThat(committed(group, topic)).as("only 'a' is committed").isEqualTo(1L);
        }
        assertThat(firstRun).as("'c' stays behind the failing 'b'").containsExactly("a");
        assertThat(committed(group, topic)).isEqualTo(1L);

        // Second run, same group, processing works again: "b" and "c" come, "a" does not come again.
        BlockingQueue<Exchange> secondRun = new LinkedBlockingQueue<>();
        try (CamelContext camel = consumer(topic, group, secondRun::add, new LinkedBlockingQueue<>())) {
            assertThat(ids(secondRun, 2)).containsExactly("b", "c");
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(group, topic) == 3L);
        }

        // Third run: what was processed is not delivered again; the first message it sees is the new one.
        send(topic, envelope("d", "t", "{}"));
        BlockingQueue<Exchange> thirdRun = new LinkedBlockingQueue<>();
        try (CamelContext camel = consumer(topic, group, thirdRun::add, new LinkedBlockingQueue<>())) {
            assertThat(ids(thirdRun, 1)).containsExactly("d");
        }
    }

    @Test
    void withTheRuntimesErrorHandlingNothingIsCommittedWhileTheDeadLetterStoreIsDown() throws Exception {
        String topic = topic();
        String group = group();
        send(topic, envelope("a", "t", "{}"));
        send(topic, envelope("b", "t", "{}"));
        send(topic, envelope("c", "t", "{}"));
        AtomicInteger attemptsOnB = new AtomicInteger();
        List<Integer> attemptsAtEachStore = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> processed = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean storeUp = new java.util.concurrent.atomic.AtomicBoolean(false);

        CamelContext camel = context(group);
        try (camel) {
            camel.addRoutes(new RouteConfigurationBuilder() {
                @Override
                public void configuration() {
                    // The runtime's shape: permanent failures stored at once, others retried then stored; a store
                    // that fails leaves the exchange failed.
                    routeConfiguration()
                            .onException(PermanentFailure.class).handled(true).maximumRedeliveries(0)
                            .process(e -> stored.add("permanent"))
                            .end()
                            .onException(Exception.class).handled(true).maximumRedeliveries(1).redeliveryDelay(0)
                            .process(e -> {
                                attemptsAtEachStore.add(attemptsOnB.get());
                                if (!storeUp.get()) {
                                    throw new IllegalStateException("dead-letter store unavailable");
                                }
                                stored.add(e.getMessage().getHeader(HubHeaders.MESSAGE_ID, String.class));
                            })
                            .end();
                }
            });
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:kafka-hub-source?topic=" + topic).routeId("test-consume")
                            .process(e -> {
                                String id = e.getMessage().getHeader(HubHeaders.MESSAGE_ID, String.class);
                                if ("b".equals(id)) {
                                    attemptsOnB.incrementAndGet();
                                    throw new IllegalStateException("warehouse unavailable");
                                }
                                processed.add(id);
                            });
                }
            });
            camel.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> attemptsAtEachStore.size() >= 3);
            // One round of retries per delivery (the route's), not a second one inside the Kamelet.
            assertThat(attemptsAtEachStore.subList(0, 3)).containsExactly(2, 4, 6);
            assertThat(processed).containsExactly("a");
            assertThat(committed(group, topic)).as("'b' could not be dead-lettered: not committed").isEqualTo(1L);

            storeUp.set(true);
            await().atMost(Duration.ofSeconds(60)).until(() -> processed.contains("c"));
            assertThat(stored).containsExactly("b");
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(group, topic) == 3L);
        }
    }

    @Test
    void theSinkWritesTheEnvelopeWithAnIdempotentAllAcksProducer() throws Exception {
        String topic = topic();
        try (CamelContext camel = context(group())) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:send").routeId("test-send")
                            .to("kamelet:kafka-hub-sink?topic=" + topic + "&type=campaign.contact");
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            // 1. A plain body, fields from headers and parameters.
            template.sendBodyAndHeader("direct:send", Map.of("campaignId", "C1", "status", "SENT"), HubHeaders.MESSAGE_ID, "m-42");
            // 2. JSON text without any header: a random messageId, the Kamelet's type and sourceSystem.
            template.sendBody("direct:send", "{\"n\":2}");
            // 3. A complete envelope is sent as it is.
            HubMessage ready = new HubMessage("m-ready", "order.requested", "crm",
                    OffsetDateTime.parse("2026-11-22T09:30:00+08:00"), JSON.readTree("{\"orderId\":\"o1\"}"));
            template.sendBody("direct:send", ready);

            List<ConsumerRecord<String, String>> records = read(topic, 3);
            JsonNode first = JSON.readTree(records.get(0).value());
            assertThat(first.get("messageId").asText()).isEqualTo("m-42");
            assertThat(records.get(0).key()).isEqualTo("m-42");
            assertThat(first.get("type").asText()).isEqualTo("campaign.contact");
            assertThat(first.get("sourceSystem").asText()).isEqualTo("marketing-hub");
            assertThat(OffsetDateTime.parse(first.get("time").asText())).isNotNull();
            assertThat(first.get("payload").get("campaignId").asText()).isEqualTo("C1");

            JsonNode second = JSON.readTree(records.get(1).value());
            assertThat(UUID.fromString(second.get("messageId").asText())).isNotNull();
            assertThat(second.get("payload").get("n").asInt()).isEqualTo(2);

            JsonNode third = JSON.readTree(records.get(2).value());
            assertThat(third.get("messageId").asText()).isEqualTo("m-ready");
            assertThat(third.get("type").asText()).isEqualTo("order.requested");
            assertThat(third.get("sourceSystem").asText()).isEqualTo("crm");
            assertThat(third.get("time").asText()).isEqualTo("2026-11-22T09:30:00+08:00");

            KafkaEndpoint sink = null;
            for (Endpoint e : camel.getEndpoints()) {
                if (e instanceof KafkaEndpoint k && k.getConfiguration().getTopic().equals(topic)) {
                    sink = k;
                }
            }
            assertThat(sink).as("the sink's kafka endpoint").isNotNull();
            Properties config = sink.getConfiguration().createProducerProperties();
            assertThat(config.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
            assertThat(String.valueOf(config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))).isEqualTo("true");
        }
    }

    @Test
    void securitySettingsReachBothKamelets() throws Exception {
        String topic = topic();
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"hub\" password=\"pw\";";
        DefaultCamelContext camel = (DefaultCamelContext) context(group());
        try (camel) {
            KafkaProperties settings = settings(KAFKA.simulator().bootstrapServers());
            settings.setClientId("hub-it");
            settings.setSecurityProtocol("SASL_PLAINTEXT");
            settings.setSaslMechanism("SCRAM-SHA-512");
            Properties props = camelProperties(settings);
            props.setProperty(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY, jaas);
            camel.getPropertiesComponent().setInitialProperties(props);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:kafka-hub-source?topic=" + topic).autoStartup(false).to("mock:never");
                    from("direct:send").autoStartup(false).to("kamelet:kafka-hub-sink?topic=" + topic);
                }
            });
            camel.build();
            camel.start();
            List<KafkaEndpoint> endpoints = new ArrayList<>();
            for (Endpoint e : camel.getEndpoints()) {
                if (e instanceof KafkaEndpoint k) {
                    endpoints.add(k);
                }
            }
            assertThat(endpoints).as("the source's and the sink's kafka endpoints").hasSize(2);
            for (KafkaEndpoint k : endpoints) {
                assertThat(k.getConfiguration().getClientId()).isEqualTo("hub-it");
                assertThat(k.getConfiguration().getSecurityProtocol()).isEqualTo("SASL_PLAINTEXT");
                assertThat(k.getConfiguration().getSaslMechanism()).isEqualTo("SCRAM-SHA-512");
                assertThat(k.getConfiguration().getSaslJaasConfig()).isEqualTo(jaas);
            }
        }
    }

    @Test
    void whatTheSinkWritesTheSourceReads() throws Exception {
        String topic = topic();
        BlockingQueue<Exchange> received = new LinkedBlockingQueue<>();
        try (CamelContext camel = consumer(topic, group(), received::add, new LinkedBlockingQueue<>())) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:send").to("kamelet:kafka-hub-sink?topic=" + topic);
                }
            });
            camel.createProducerTemplate().sendBodyAndHeader("direct:send", "{\"x\":1}", HubHeaders.MESSAGE_TYPE, "ping");
            Exchange got = received.poll(60, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            HubMessage message = got.getMessage().getBody(HubMessage.class);
            assertThat(message.type()).isEqualTo("ping");
            assertThat(message.sourceSystem()).isEqualTo("marketing-hub");
            assertThat(message.payload().get("x").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aSendTheBrokerNeverAcknowledgesFailsItsExchangeAfterTheSendTimeout() throws Exception {
        // A broker of its own, so it can be stopped without harming the other tests.
        KafkaSimulator broker = new KafkaSimulator("t-down");
        broker.start();
        DefaultCamelContext camel = new DefaultCamelContext();
        try {
            KafkaProperties settings = settings(broker.bootstrapServers());
            settings.setSendTimeout(java.time.Duration.ofSeconds(15));
            camel.getPropertiesComponent().setInitialProperties(camelProperties(settings));
            camel.getShutdownStrategy().setTimeout(10);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:send").to("kamelet:kafka-hub-sink?topic=t-down&type=ping");
                }
            });
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            Exchange delivered = template.send("direct:send", e -> e.getMessage().setBody("{\"n\":1}"));
            assertThat(delivered.getException()).as("the broker is up").isNull();

            broker.stop();
            long t0 = System.nanoTime();
            Exchange lost = template.send("direct:send", e -> e.getMessage().setBody("{\"n\":2}"));
            // Not acknowledged, so not completed successfully: the exchange fails and the route's error handling
            // (retry, dead letter) gets it; nothing is silently dropped.
            assertThat(lost.getException()).as("a send nobody acknowledged").isNotNull();
            assertThat(lost.getException()).hasStackTraceContaining("TimeoutException");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        } finally {
            camel.close();
            broker.stop();
        }
    }

    @Test
    void aConsumerStoppedInTheMiddleOfAPollCommitsOnlyWhatItHandledAndTheRestComesAfterwards() throws Exception {
        String topic = topic();
        String group = group();
        int total = 300;
        for (int i = 0; i < total; i++) {
            producer.send(new ProducerRecord<>(topic, envelope("m-" + i, "t", "{}")));
        }
        producer.flush();

        // First run: at most 100 records a poll; in the middle of the second poll the route is stopped (an instance
        // going away while it works through a poll).
        Set<String> firstRun = ConcurrentHashMap.newKeySet();
        AtomicInteger handled = new AtomicInteger();
        CamelContext camel = context(group);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:kafka-hub-source?topic=" + topic + "&maxPollRecords=100").routeId("test-stop")
                        .process(e -> {
                            firstRun.add(e.getMessage().getHeader(HubHeaders.MESSAGE_ID, String.class));
                            if (handled.incrementAndGet() == 150) {
                                new Thread(camel::stop, "stop-mid-poll").start();
                                // hold the 150th record until Camel's graceful shutdown has asked the Kafka
                                // consumer to pause (it finishes the poll under way, then fetches nothing more), so
                                // the stop lands here, in the middle of the second poll
                                ServiceSupport kafka = (ServiceSupport) e.getContext().getRoutes().stream()
                                        .map(Route::getConsumer)
                                        .filter(c -> c instanceof org.apache.camel.component.kafka.KafkaConsumer)
                                        .findFirst().orElseThrow();
                                await().atMost(Duration.ofSeconds(20)).until(() -> kafka.isSuspending() || kafka.isSuspended()
                                        || kafka.isStopping() || kafka.isStopped());
                            }
                        });
            }
        });
        camel.start();
        await().atMost(Duration.ofSeconds(60)).until(camel::isStopped);
        camel.close();
        // the poll under way was finished, no further one was taken
        assertThat(firstRun.size()).as("records handled before the stop").isBetween(150, 200);
        // Handled records are a prefix of the partition; the committed offset is exactly its end, never beyond.
        assertThat(firstRun).allMatch(id -> Integer.parseInt(id.substring(2)) < firstRun.size());
        assertThat(committed(group, topic)).isEqualTo(firstRun.size());

        // Second run, same group: exactly the records the first one did not handle.
        BlockingQueue<Exchange> secondRun = new LinkedBlockingQueue<>();
        try (CamelContext again = consumer(topic, group, secondRun::add, new LinkedBlockingQueue<>())) {
            List<String> rest = ids(secondRun, total - firstRun.size());
            assertThat(rest).doesNotContainAnyElementsOf(firstRun);
            Set<String> all = new HashSet<>(firstRun);
            all.addAll(rest);
            assertThat(all).hasSize(total);
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(group, topic) == total);
            assertThat(secondRun.poll(1, TimeUnit.SECONDS)).as("nothing handled twice").isNull();
        }
    }

    @Test
    void theSinkBatchesRecordsAndCompletesEachExchangeOnItsOwnAcknowledgement() throws Exception {
        String topic = topic();
        try (CamelContext camel = context(group())) {
            camel.start();
            AsyncProducer sink = camel.getEndpoint("kamelet:kafka-hub-sink?topic=" + topic + "&type=ping").createAsyncProducer();
            sink.start();
            int count = 2_000;
            CountDownLatch done = new CountDownLatch(count);
            List<Exchange> exchanges = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Exchange exchange = new DefaultExchange(camel);
                exchange.getMessage().setBody("{\"n\":" + i + "}");
                exchange.getMessage().setHeader(HubHeaders.MESSAGE_ID, "b-" + i);
                exchange.getMessage().setHeader("Msisdn", "13800000001");
                exchanges.add(exchange);
                // the caller's thread is not held until the broker answers
                sink.process(exchange, doneSync -> done.countDown());
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(exchanges).allSatisfy(e -> assertThat(e.getException()).isNull());
            List<ConsumerRecord<String, String>> records = read(topic, count);
            assertThat(records).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(count);
            // the envelope is the record: no exchange header became a record header
            assertThat(records).allSatisfy(r -> assertThat(r.headers().toArray()).isEmpty());
            sink.stop();

            KafkaEndpoint endpoint = null;
            for (Endpoint e : camel.getEndpoints()) {
                if (e instanceof KafkaEndpoint k && k.getConfiguration().getTopic().equals(topic)) {
                    endpoint = k;
                }
            }
            assertThat(endpoint).isNotNull();
            Properties config = endpoint.getConfiguration().createProducerProperties();
            assertThat(String.valueOf(config.get(ProducerConfig.LINGER_MS_CONFIG))).isEqualTo("5");
            assertThat(String.valueOf(config.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))).isEqualTo("120000");
            assertThat(endpoint.getConfiguration().isSynchronous()).isFalse();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static KafkaProperties settings(String bootstrapServers) {
        KafkaProperties settings = new KafkaProperties();
        settings.setBootstrapServers(bootstrapServers);
        return settings;
    }

    /** What the Kamelets read, as the connector gives it to Spring's Environment ({@link KafkaDerivedSettings}). */
    private static Properties camelProperties(KafkaProperties settings) {
        Properties props = new Properties();
        props.putAll(KafkaDerivedSettings.kameletValues(settings));
        return props;
    }

    private static CamelContext context(String group) {
        DefaultCamelContext camel = new DefaultCamelContext();
        KafkaProperties settings = settings(KAFKA.simulator().bootstrapServers());
        settings.setGroupId(group);
        camel.getPropertiesComponent().setInitialProperties(camelProperties(settings));
        camel.getShutdownStrategy().setTimeout(10);
        return camel;
    }

    /**
     * A context with one route consuming the topic through kafka-hub-source, error handling like the runtime's for
     * permanent failures (straight to a dead letter, handled) and none for the rest (the failure stays).
     */
    private static CamelContext consumer(String topic, String group, Consumer<Exchange> work, BlockingQueue<Exchange> dead)
            throws Exception {
        CamelContext camel = context(group);
        camel.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                // Like the runtime's shared route configuration (no id: every route, the Kamelet's included).
                routeConfiguration()
                        .onException(PermanentFailure.class).handled(true).maximumRedeliveries(0).useOriginalMessage()
                        .process(e -> dead.add(e.copy()))
                        .end();
            }
        });
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:kafka-hub-source?topic=" + topic).routeId("test-consume")
                        .process(e -> work.accept(e.copy()));
            }
        });
        camel.start();
        return camel;
    }

    private static List<String> ids(BlockingQueue<Exchange> queue, int count) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Exchange e = queue.poll(60, TimeUnit.SECONDS);
            assertThat(e).as("message %d of %d", i + 1, count).isNotNull();
            ids.add(e.getMessage().getHeader(HubHeaders.MESSAGE_ID, String.class));
        }
        return ids;
    }

    private static long committed(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
        return offset == null ? -1L : offset.offset();
    }

    private static List<ConsumerRecord<String, String>> read(String topic, int count) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.simulator().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(count);
        return records;
    }

    private static String topic() throws Exception {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        return name;
    }

    private static String group() {
        return "g-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void send(String topic, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
    }

    private static String envelope(String id, String type, String payload) {
        return "{\"messageId\":\"" + id + "\",\"type\":\"" + type + "\",\"sourceSystem\":\"crm\","
                + "\"time\":\"2026-11-22T08:00:00+08:00\",\"payload\":" + payload + "}";
    }
}

package com.carrier.hub.runtime.triggers;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the outage, crash and scale-out tests of triggered campaigns share: a campaign triggered by
 * {@code usage.threshold} events (DATA at 80% or more), and §11 events published to hub.events.in keyed by MSISDN.
 */
final class TriggerEvents {

    static final String TOPIC = "hub.events.in";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TriggerEvents() {
    }

    /**
     * A triggered SMS campaign (contactWithin ten minutes, cooldown seven days, no control group, frequency caps out of
     * the way) whose quiet hours lie two hours ahead, sending from its own service code.
     */
    static Map<String, Object> campaign(String id, String serviceCode) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        LocalTime quietStart = now.toLocalTime().plusHours(2).withMinute(0).withSecond(0).withNano(0);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "流量包提醒");
        c.put("type", "PROMOTION");
        c.put("productId", "P5G129");
        c.put("channels", List.of("SMS"));
        c.put("templates", Map.of("SMS", Map.of("text", "您的流量已用${usedPercent}%，回复Y加购流量包")));
        c.put("sourceAddress", serviceCode);
        c.put("start", now.minusMinutes(5).toString());
        c.put("end", now.plusDays(7).toString());
        c.put("quietHours", Map.of("start", quietStart.toString(), "end", quietStart.plusHours(1).toString()));
        c.put("controlPercent", 0);
        c.put("rules", Map.of("maxSmsPerDay", 100, "maxSmsPerWeek", 100, "recentSimilarDays", 0));
        c.put("trigger", Map.of("eventType", "usage.threshold", "condition", "metric == 'DATA' && usedPercent >= 80",
                "contactWithin", "PT10M", "cooldownDays", 7));
        return c;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A usage.threshold event of the customer, now, at this percentage of their data. */
    static ProducerRecord<String, String> usage(String messageId, String msisdn, int usedPercent) {
        return event(messageId, "usage.threshold", msisdn,
                Map.of("msisdn", msisdn, "metric", "DATA", "usedPercent", usedPercent));
    }

    /** An event of this type and payload, now, from "network", keyed by the MSISDN as upstream systems key them. */
    static ProducerRecord<String, String> event(String messageId, String type, String msisdn, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("messageId", messageId);
        envelope.put("type", type);
        envelope.put("sourceSystem", "network");
        envelope.put("time", OffsetDateTime.now().toString());
        envelope.put("payload", payload);
        return new ProducerRecord<>(TOPIC, msisdn, json(envelope));
    }

    /** An acks=all producer on the broker, with these further settings. */
    static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> more) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(more);
        return new KafkaProducer<>(config);
    }
}

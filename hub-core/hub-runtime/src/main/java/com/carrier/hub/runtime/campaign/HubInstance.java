package com.carrier.hub.runtime.campaign;

import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * This hub instance among those sharing the database: its id (claims of contacts carry it) and its heartbeat. An
 * instance whose heartbeat is older than {@code hub.instance.lease} is taken for dead, and its claims are recovered
 * by the others.
 */
@Component
public class HubInstance {

    private final JdbcTemplate jdbc;
    private final String id;
    private final Duration lease;

    @Autowired
    public HubInstance(JdbcTemplate jdbc, InstanceProperties properties) {
        this(jdbc, properties.getId(), properties.getLease());
    }

    public HubInstance(JdbcTemplate jdbc, String configuredId, Duration lease) {
        this.jdbc = jdbc;
        this.lease = lease;
        this.id = configuredId.isBlank() ? defaultId() : configuredId;
        jdbc.update("INSERT INTO hub_instance (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET started_at = now(), heartbeat_at = now()", id);
    }

    public String id() {
        return id;
    }

    public Duration lease() {
        return lease;
    }

    @Scheduled(fixedDelayString = "#{@instanceProperties.heartbeat.toMillis()}")
    public void heartbeat() {
        jdbc.update("UPDATE hub_instance SET heartbeat_at = now() WHERE id = ?", id);
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

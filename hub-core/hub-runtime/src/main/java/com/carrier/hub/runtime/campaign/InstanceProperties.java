package com.carrier.hub.runtime.campaign;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/** This hub instance among those sharing the database ({@link HubInstance}). */
@ConfigurationProperties("hub.instance")
@Validated
// a fixed bean name, so @Scheduled can read its durations (#{@instanceProperties…})
@Component("instanceProperties")
public class InstanceProperties {

    /**
     * This instance's id, carried by its claims of contacts; empty for host-pid-random. Give each instance a stable id
     * so a restart recovers its own claims at once instead of after {@link #lease}.
     */
    @NotNull
    private String id = "";

    /** An instance whose heartbeat is older than this is taken for dead, and its claims are recovered by the others. */
    @NotNull
    private Duration lease = Duration.ofSeconds(30);

    /** How often this instance writes its heartbeat; keep it well under {@link #lease}. */
    @NotNull
    private Duration heartbeat = Duration.ofSeconds(5);

    public Duration getHeartbeat() { return heartbeat; }
    public void setHeartbeat(Duration heartbeat) { this.heartbeat = heartbeat; }
    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public Duration getLease() { return lease; }
    public void setLease(Duration lease) { this.lease = lease; }
}

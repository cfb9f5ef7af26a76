package com.carrier.hub.connector.boss.order;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** BOSS order requests (PEERS.md §1.5): where BOSS takes them. Present only when {@code url} is set. */
@ConfigurationProperties("hub.connectors.boss.orders")
@Validated
public class BossOrderProperties {

    /** BOSS's HTTP base address; requests go to {@code {url}/api/v1/orders}, for example http://boss:8080. */
    private URI url;

    /** How long one request may take, connection included. */
    @NotNull
    private Duration timeout = Duration.ofSeconds(10);

    /** The {@code channelCode} of orders placed on an SMS accept. */
    @NotNull
    private String channelCode = "SMS";

    public URI getUrl() { return url; }
    public void setUrl(URI url) { this.url = url; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public String getChannelCode() { return channelCode; }
    public void setChannelCode(String channelCode) { this.channelCode = channelCode; }
}

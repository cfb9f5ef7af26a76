package com.carrier.hub.connector.app;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.http.HttpPeerProperties;

/**
 * Settings of the app push connector: where the carrier's app push platform is, how pushes are sent, how its event
 * callbacks are checked. Pushes go to {@code <base-url>/push/v1/messages:batch} (at most 1,000 a request, PEERS §10.1;
 * {@code batch-size} defaults to that); the platform signs its {@code /feedback/app} callbacks with
 * {@code callback-secret} (§10.2). Every setting is one of {@link HttpPeerProperties}.
 *
 * <p>Unlike the portal, the connector is off unless {@code hub.connectors.app.enabled=true}: a province without the
 * app keeps the hub starting with no app settings (the sandbox's simulator turns it on).
 */
@ConfigurationProperties("hub.connectors.app")
@Validated
public class AppProperties extends HttpPeerProperties {

    /** The most messages the platform takes in one request (PEERS §10.1). */
    public static final int MAX_BATCH = 1000;

    public AppProperties() {
        super(MAX_BATCH);
        setEnabled(false);
    }
}

package com.carrier.hub.connector.portal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.http.HttpPeerProperties;

/**
 * Settings of the portal connector: where the portal is, how offers are pushed, how its callbacks are checked.
 * Offers go to {@code <base-url>/api/v1/offers:batchUpsert} (at most 500 a request); the portal signs its event
 * callbacks with {@code callback-secret}. Every setting is one of {@link HttpPeerProperties}.
 */
@ConfigurationProperties("hub.connectors.portal")
@Validated
public class PortalProperties extends HttpPeerProperties {
}

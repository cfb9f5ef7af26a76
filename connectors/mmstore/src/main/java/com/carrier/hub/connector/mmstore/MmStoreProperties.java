package com.carrier.hub.connector.mmstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.http.HttpPeerProperties;

/**
 * Settings of the MM store connector: where MM is, how recommendations are pushed, how its callbacks are checked.
 * Recommendations go to {@code <base-url>/api/v1/recommendations:batch} (at most 500 a request); MM signs its
 * download callbacks with {@code callback-secret}. Every setting is one of {@link HttpPeerProperties}.
 */
@ConfigurationProperties("hub.connectors.mmstore")
@Validated
public class MmStoreProperties extends HttpPeerProperties {
}

package com.acme.kiosk;

import java.net.http.HttpClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import com.carrier.hub.api.ResponseEventSink;

/**
 * A province's kiosk touchpoint, built outside the hub against hub-api only and dropped into plugins/: the
 * {@link KioskConnector} {@code kiosk}, the {@link KioskTouchpoint} {@code KIOSK} and the {@link KioskTaps} that store
 * the customers' taps in the hub's response store.
 */
@AutoConfiguration
@EnableConfigurationProperties(KioskProperties.class)
public class KioskAutoConfiguration {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Bean
    @ConditionalOnMissingBean
    public KioskConnector kioskConnector(KioskProperties properties) {
        return new KioskConnector(properties, http);
    }

    @Bean
    @ConditionalOnMissingBean
    public KioskTouchpoint kioskTouchpoint(KioskProperties properties) {
        return new KioskTouchpoint(properties, http);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    public KioskTaps kioskTaps(KioskProperties properties, ResponseEventSink sink) {
        return new KioskTaps(properties, http, sink);
    }
}

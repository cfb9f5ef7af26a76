package com.carrier.hub.connector.sms;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.MeterRegistry;

import com.carrier.hub.api.ResponseEventSink;

/**
 * The SMS connector: binds to the SMSC at start-up, offers {@link SmsGateway} to the campaign engine through the
 * {@code SMS} touchpoint ({@link SmsTouchpoint}), and stores receipts and replies in the hub's
 * {@link ResponseEventSink} (until one exists, deliver_sm is answered ESME_RX_T_APPN so the SMSC keeps it).
 */
@AutoConfiguration
@EnableConfigurationProperties(SmsProperties.class)
@ConditionalOnProperty(prefix = "hub.connectors.sms", name = "enabled", matchIfMissing = true)
public class SmsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public SubmitRateLimiter smsSubmitRateLimiter(SmsProperties properties) {
        return new SlidingWindowRateLimiter(properties.getLicensedRate(), properties.getRateGuard());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    public SmsGateway smsGateway(SmsProperties properties, SubmitRateLimiter limiter,
                                 ObjectProvider<ResponseEventSink> sink, ObjectProvider<MeterRegistry> meters) {
        SmsGateway gateway = new SmsGateway(properties, limiter, sink::getIfAvailable);
        meters.ifAvailable(gateway.statistics()::bindTo);
        return gateway;
    }

    /** Campaign SMS, {@code hub.connectors.sms.slice-size} contacts a slice. */
    @Bean
    @ConditionalOnMissingBean
    public SmsTouchpoint smsTouchpoint(SmsProperties properties, SmsGateway gateway) {
        return new SmsTouchpoint(gateway, properties.getSliceSize());
    }

    @Bean
    @ConditionalOnMissingBean
    public SmsConnector smsConnector(SmsProperties properties, SmsGateway gateway) {
        return new SmsConnector(properties, gateway);
    }
}

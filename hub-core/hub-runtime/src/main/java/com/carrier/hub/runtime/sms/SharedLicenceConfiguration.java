package com.carrier.hub.runtime.sms;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import com.carrier.hub.connector.sms.SmsProperties;
import com.carrier.hub.connector.sms.SubmitRateLimiter;
import com.carrier.hub.runtime.campaign.HubInstance;

/**
 * Replaces the SMS connector's single-instance rate limiter with one that shares the licence between every hub
 * instance on this database ({@code hub.connectors.sms.shared-licence}, on by default).
 */
@Configuration
@ConditionalOnProperty(prefix = "hub.connectors.sms", name = {"enabled", "shared-licence"}, havingValue = "true", matchIfMissing = true)
public class SharedLicenceConfiguration {

    private SharedLicenceRateLimiter limiter;

    @Bean
    SubmitRateLimiter sharedLicenceRateLimiter(SmsProperties sms, JdbcTemplate jdbc, HubInstance instance,
                                               @Value("${hub.connectors.sms.shared-licence-refresh:1s}") Duration refresh) {
        limiter = new SharedLicenceRateLimiter(sms.getLicensedRate(), sms.getRateGuard(), refresh, () -> {
            Integer n = jdbc.queryForObject("SELECT count(*) FROM hub_instance WHERE heartbeat_at >= now() - (? * interval '1 millisecond')",
                    Integer.class, instance.lease().toMillis());
            return n == null ? 1 : n;
        });
        return limiter;
    }

    @Scheduled(fixedDelayString = "${hub.connectors.sms.shared-licence-refresh:1s}")
    void refreshShare() {
        if (limiter != null) {
            limiter.refresh();
        }
    }
}

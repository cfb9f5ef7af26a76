package com.carrier.hub.runtime.sms;

import java.util.concurrent.ScheduledFuture;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;

import com.carrier.hub.connector.sms.SmsProperties;
import com.carrier.hub.connector.sms.SubmitRateLimiter;
import com.carrier.hub.runtime.campaign.HubInstance;

/**
 * Replaces the SMS connector's single-instance rate limiter with one that shares the licence between every hub
 * instance on this database ({@code hub.connectors.sms.shared-licence}, {@link SmsProperties#isSharedLicence()}, on by
 * default), recounting the live instances every {@code hub.connectors.sms.shared-licence-refresh}.
 */
@Configuration
// matchIfMissing mirrors the defaults of SmsProperties.enabled and sharedLicence: a condition is decided before binding
@ConditionalOnProperty(prefix = "hub.connectors.sms", name = {"enabled", "shared-licence"}, havingValue = "true", matchIfMissing = true)
public class SharedLicenceConfiguration implements DisposableBean {

    private ScheduledFuture<?> refreshing;

    @Bean
    SubmitRateLimiter sharedLicenceRateLimiter(SmsProperties sms, JdbcTemplate jdbc, HubInstance instance, TaskScheduler scheduler) {
        SharedLicenceRateLimiter limiter = new SharedLicenceRateLimiter(sms.getLicensedRate(), sms.getRateGuard(),
                sms.getSharedLicenceRefresh(), () -> {
            Integer n = jdbc.queryForObject("SELECT count(*) FROM hub_instance WHERE heartbeat_at >= now() - (? * interval '1 millisecond')",
                    Integer.class, instance.lease().toMillis());
            return n == null ? 1 : n;
        });
        refreshing = scheduler.scheduleWithFixedDelay(limiter::refresh, sms.getSharedLicenceRefresh());
        return limiter;
    }

    @Override
    public void destroy() {
        if (refreshing != null) {
            refreshing.cancel(false);
        }
    }
}

package com.carrier.hub.runtime.campaign.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.connector.mmstore.MmStoreClient;
import com.carrier.hub.connector.portal.PortalClient;
import com.carrier.hub.connector.sms.SmsGateway;
import com.carrier.hub.connector.sms.SmsProperties;

/**
 * One channel sender per touchpoint connector that is present and enabled, and the account managers' call list. (ObjectProviders rather than
 * {@code @ConditionalOnBean}: the connectors' beans come from auto-configurations, which are registered after this.)
 */
@Configuration
public class ChannelSendersConfiguration {

    /** The senders of this hub. */
    public record ChannelSenders(List<ChannelSender> all) {
    }

    @Bean
    ChannelSenders channelSenders(ObjectProvider<SmsGateway> sms, ObjectProvider<SmsProperties> smsProperties, ObjectProvider<PortalClient> portal,
                                  ObjectProvider<MmStoreClient> mm, JdbcTemplate jdbc) {
        List<ChannelSender> senders = new ArrayList<>();
        sms.ifAvailable(g -> {
            SmsProperties p = smsProperties.getObject();
            senders.add(new SmsChannelSender(g, Math.max(1, p.getBinds() * p.getWindow())));
        });
        portal.ifAvailable(p -> senders.add(new PortalChannelSender(p)));
        mm.ifAvailable(m -> senders.add(new MmChannelSender(m)));
        senders.add(new ManagerCallListSender(jdbc));
        return new ChannelSenders(List.copyOf(senders));
    }
}

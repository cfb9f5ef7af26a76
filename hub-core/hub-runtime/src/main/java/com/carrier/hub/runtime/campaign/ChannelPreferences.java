package com.carrier.hub.runtime.campaign;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.carrier.hub.runtime.campaign.CampaignDefinition.Channel;

/**
 * Channel order per customer class (PEERS.md §6), configurable as {@code hub.campaigns.channel-order.<class>}. Each
 * customer gets the first channel of their class's order that the campaign allows and the policy permits.
 */
@ConfigurationProperties("hub.campaigns")
public class ChannelPreferences {

    /** Channel order by customer class 1–5; the default is PEERS.md §6. */
    private Map<Integer, List<Channel>> channelOrder = new LinkedHashMap<>(Map.of(
            1, List.of(Channel.MANAGER, Channel.SMS, Channel.PORTAL),
            2, List.of(Channel.MM, Channel.SMS, Channel.PORTAL),
            3, List.of(Channel.SMS),
            4, List.of(Channel.PORTAL, Channel.MM, Channel.SMS),
            5, List.of(Channel.SMS, Channel.PORTAL)));

    /** Daily capacity per touchpoint; contacts over it are deferred to the next day, never dropped. Absent = unlimited. */
    private Map<Channel, Long> dailyCapacity = new EnumMap<>(Channel.class);

    public Map<Integer, List<Channel>> getChannelOrder() {
        return channelOrder;
    }

    public void setChannelOrder(Map<Integer, List<Channel>> channelOrder) {
        this.channelOrder = channelOrder;
    }

    public Map<Channel, Long> getDailyCapacity() {
        return dailyCapacity;
    }

    public void setDailyCapacity(Map<Channel, Long> dailyCapacity) {
        this.dailyCapacity = dailyCapacity;
    }

    /**
     * The customer's channel: the first of the class's order that the campaign allows and that is not blocked for this
     * customer (opt-out, greylist); null when there is none (NO_CHANNEL). An unknown class uses class 5's order.
     */
    public Channel choose(int customerClass, Set<Channel> campaignChannels, Set<Channel> blocked) {
        List<Channel> order = channelOrder.getOrDefault(customerClass, channelOrder.get(5));
        if (order == null) {
            return null;
        }
        for (Channel ch : order) {
            if (campaignChannels.contains(ch) && !blocked.contains(ch)) {
                return ch;
            }
        }
        return null;
    }
}

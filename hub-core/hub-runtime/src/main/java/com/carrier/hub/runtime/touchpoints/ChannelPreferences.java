package com.carrier.hub.runtime.touchpoints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

import com.carrier.hub.api.touchpoint.Touchpoint;

/**
 * Channel order per customer class (PEERS.md §6), configurable as {@code hub.campaigns.channel-order.<class>}, and the
 * touchpoints' daily capacities. Each customer gets the first channel of their class's order that the campaign allows
 * and the policy permits. Channels are touchpoint ids (upper-case; the settings are read case-insensitively).
 */
@ConfigurationProperties("hub.campaigns")
public class ChannelPreferences {

    /** Channel order (touchpoint ids) by customer class 1–5; the default is PEERS.md §6. */
    private Map<Integer, List<String>> channelOrder = new LinkedHashMap<>(Map.of(
            1, List.of("MANAGER", "SMS", "PORTAL"),
            2, List.of("MM", "SMS", "PORTAL"),
            3, List.of("SMS"),
            4, List.of("PORTAL", "MM", "SMS"),
            5, List.of("SMS", "PORTAL")));

    /**
     * Daily capacity per touchpoint id, overriding the touchpoint's own (unlimited unless it says otherwise); contacts
     * over it are deferred to the next day, never dropped.
     */
    private Map<String, Long> dailyCapacity = new LinkedHashMap<>();

    public Map<Integer, List<String>> getChannelOrder() {
        return channelOrder;
    }

    public void setChannelOrder(Map<Integer, List<String>> channelOrder) {
        Map<Integer, List<String>> upper = new LinkedHashMap<>();
        channelOrder.forEach((k, v) -> upper.put(k, v.stream().map(ChannelPreferences::id).toList()));
        this.channelOrder = upper;
    }

    public Map<String, Long> getDailyCapacity() {
        return dailyCapacity;
    }

    public void setDailyCapacity(Map<String, Long> dailyCapacity) {
        this.dailyCapacity = dailyCapacity;
    }

    /** The touchpoint's daily capacity: {@code hub.campaigns.daily-capacity.<ID>}, else its own; null is unlimited. */
    public Long dailyCapacity(Touchpoint touchpoint) {
        for (Map.Entry<String, Long> e : dailyCapacity.entrySet()) {
            if (id(e.getKey()).equals(touchpoint.id())) {
                return e.getValue();
            }
        }
        return touchpoint.dailyCapacity();
    }

    /**
     * The customer's channel: the first of the class's order that the campaign allows and that is not blocked for this
     * customer (opt-out, greylist); null when there is none (NO_CHANNEL). An unknown class uses class 5's order.
     */
    public String choose(int customerClass, Set<String> campaignChannels, Set<String> blocked) {
        List<String> order = channelOrder.getOrDefault(customerClass, channelOrder.get(5));
        if (order == null) {
            return null;
        }
        for (String ch : order) {
            if (campaignChannels.contains(ch) && !blocked.contains(ch)) {
                return ch;
            }
        }
        return null;
    }

    private static String id(String name) {
        return name.strip().toUpperCase(Locale.ROOT);
    }
}

package com.carrier.hub.connector.boss;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.sftp.SftpSettings;
import com.carrier.hub.connector.boss.order.BossOrderProperties;

/**
 * Settings of the {@code boss} connector: the BOSS SFTP server (host, port, login, host-key checking) and the layout
 * of each BOSS feed. A province whose files differ (delimiter, charset, field order, rules, thresholds) changes
 * {@code hub.connectors.boss.feeds.<feed>.*}, never code.
 */
@Validated
@ConfigurationProperties("hub.connectors.boss")
public class BossProperties extends SftpSettings {

    public BossProperties() {
        setLocalWorkDirectory("/tmp/hub-sftp-work/boss");
    }

    /** Whether the connector is on. */
    private boolean enabled = true;

    /** Folder of the customer delta files (§1.1). */
    @NotBlank
    private String customerFolder = "/boss/out/customer";

    /** Folder of the product catalog files (§1.2). */
    @NotBlank
    private String productFolder = "/boss/out/product";

    /** Folder of the subscriptions delta files (§1.3). */
    @NotBlank
    private String subscriptionFolder = "/boss/out/subscription";

    /** Folder of the order files (§1.4). */
    @NotBlank
    private String orderFolder = "/boss/out/order";

    /**
     * BOSS's HTTP order interface (PEERS.md §1.5), used when {@code orders.url} is set: the order-request client binds
     * the same settings ({@link BossOrderProperties}, {@code hub.connectors.boss.orders.*}).
     */
    @Valid
    @NestedConfigurationProperty
    private BossOrderProperties orders = new BossOrderProperties();

    /**
     * The BOSS feeds by name ({@code customer-delta}, {@code product}, {@code subscription}, {@code order}): name
     * pattern, charset (GBK), delimiter, fields and their rules, reject threshold (1%), control-file grace.
     */
    private Map<String, FeedDefinition> feeds = defaultFeeds();

    static Map<String, FeedDefinition> defaultFeeds() {
        Map<String, FeedDefinition> feeds = new LinkedHashMap<>();
        feeds.put("customer-delta", StandardFeeds.customerDelta());
        FeedDefinition product = StandardFeeds.productFull();
        product.setName("product");
        feeds.put("product", product);
        FeedDefinition subscription = StandardFeeds.subscriptionDelta();
        subscription.setName("subscription");
        feeds.put("subscription", subscription);
        feeds.put("order", StandardFeeds.order());
        return feeds;
    }

    /** The feed of this name: what configuration says, completed from the shipped definition of that name. */
    public FeedDefinition feed(String key) {
        FeedDefinition feed = feeds.get(key);
        FeedDefinition shipped = defaultFeeds().get(key);
        if (feed == null && shipped == null) {
            throw new IllegalArgumentException("boss: no feed '" + key + "' in hub.connectors.boss.feeds (known: " + feeds.keySet() + ")");
        }
        return feed == null ? shipped : feed.withDefaults(key, shipped);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getCustomerFolder() {
        return customerFolder;
    }

    public void setCustomerFolder(String customerFolder) {
        this.customerFolder = customerFolder;
    }

    public String getProductFolder() {
        return productFolder;
    }

    public void setProductFolder(String productFolder) {
        this.productFolder = productFolder;
    }

    public String getSubscriptionFolder() {
        return subscriptionFolder;
    }

    public void setSubscriptionFolder(String subscriptionFolder) {
        this.subscriptionFolder = subscriptionFolder;
    }

    public String getOrderFolder() {
        return orderFolder;
    }

    public void setOrderFolder(String orderFolder) {
        this.orderFolder = orderFolder;
    }

    public BossOrderProperties getOrders() {
        return orders;
    }

    public void setOrders(BossOrderProperties orders) {
        this.orders = orders;
    }

    public Map<String, FeedDefinition> getFeeds() {
        return feeds;
    }

    public void setFeeds(Map<String, FeedDefinition> feeds) {
        this.feeds = feeds;
    }
}

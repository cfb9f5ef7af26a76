package com.carrier.hub.connector.warehouse;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.sftp.SftpSettings;

/**
 * Settings of the {@code warehouse} connector: the business-analysis warehouse's SFTP server and the layout of each
 * feed it exchanges with the hub (target lists in, contact/response/evaluation/customer feeds out). Another layout
 * is {@code hub.connectors.warehouse.feeds.<feed>.*}, never code.
 */
@Validated
@ConfigurationProperties("hub.connectors.warehouse")
public class WarehouseProperties extends SftpSettings {

    public WarehouseProperties() {
        setLocalWorkDirectory("/tmp/hub-sftp-work/warehouse");
    }

    /** Whether the connector is on. */
    private boolean enabled = true;

    /** Folder where the warehouse drops target lists (§2.1). */
    @NotBlank
    private String targetFolder = "/dw/out/target";

    /** Folder where the hub writes its feeds for the warehouse (§2.2): CONTACT, RESPONSE, EVAL and CUSTOMER. */
    @NotBlank
    private String inFolder = "/dw/in";

    /**
     * The warehouse feeds by name: {@code target-list} (in), {@code contact}, {@code response}, {@code customer}
     * (out; UTF-8) — name pattern, charset, delimiter, fields, thresholds.
     */
    private Map<String, FeedDefinition> feeds = new LinkedHashMap<>();

    static Map<String, FeedDefinition> shippedFeeds() {
        Map<String, FeedDefinition> feeds = new LinkedHashMap<>();
        feeds.put("target-list", StandardFeeds.targetList());
        feeds.put("contact", StandardFeeds.contact());
        feeds.put("response", StandardFeeds.response());
        feeds.put("customer", StandardFeeds.customerOut());
        return feeds;
    }

    /** The feed of this name: what configuration says, completed from the shipped definition of that name. */
    public FeedDefinition feed(String key) {
        FeedDefinition shipped = shippedFeeds().get(key);
        FeedDefinition feed = feeds.get(key);
        if (feed == null && shipped == null) {
            throw new IllegalArgumentException("warehouse: no feed '" + key + "' in hub.connectors.warehouse.feeds (known: "
                    + shippedFeeds().keySet() + ")");
        }
        return feed == null ? shipped : feed.withDefaults(key, shipped);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getTargetFolder() {
        return targetFolder;
    }

    public void setTargetFolder(String targetFolder) {
        this.targetFolder = targetFolder;
    }

    public String getInFolder() {
        return inFolder;
    }

    public void setInFolder(String inFolder) {
        this.inFolder = inFolder;
    }

    public Map<String, FeedDefinition> getFeeds() {
        return feeds;
    }

    public void setFeeds(Map<String, FeedDefinition> feeds) {
        this.feeds = feeds;
    }
}

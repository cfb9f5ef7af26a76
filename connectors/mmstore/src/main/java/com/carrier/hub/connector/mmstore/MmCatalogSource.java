package com.carrier.hub.connector.mmstore;

import jakarta.validation.constraints.NotBlank;

import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.sftp.SftpSettings;

/**
 * The MM SFTP server the app catalog {@code MM_APPS_<yyyyMMdd>.dat} comes from (PEERS §4.1), under
 * {@code hub.connectors.mmstore.catalog.*}: host, port, login, host-key checking (on by default), folder, poll delay
 * and the feed's layout. Without {@code hub.connectors.mmstore.catalog.host} the hub has no catalog source: the
 * catalog is then only what was last stored, or what a test or the sandbox loaded.
 */
public class MmCatalogSource extends SftpSettings {

    public MmCatalogSource() {
        setLocalWorkDirectory("/tmp/hub-sftp-work/mmstore");
    }

    /** Folder on the MM server holding the catalog files and their control files. */
    @NotBlank
    private String directory = "/mm/out/catalog";

    /**
     * Layout of the catalog file (feed {@code mm-apps}): name pattern, charset (GBK), delimiter, fields and their
     * rules, reject threshold (1%), control-file grace. A province that differs changes this, never code.
     */
    private FeedDefinition feed = StandardFeeds.mmApps();

    /** The feed as configured, completed from the shipped {@code mm-apps} definition. */
    public FeedDefinition feed() {
        return feed == null ? StandardFeeds.mmApps() : feed.withDefaults("mm-apps", StandardFeeds.mmApps());
    }

    public String getDirectory() {
        return directory;
    }

    public void setDirectory(String directory) {
        this.directory = directory;
    }

    public FeedDefinition getFeed() {
        return feed;
    }

    public void setFeed(FeedDefinition feed) {
        this.feed = feed;
    }
}

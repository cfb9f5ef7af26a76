package com.carrier.hub.runtime.campaign;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where campaign definitions come in and the CONTACT feed goes out, and when a list is decided in parts. (Channel
 * order and capacities are {@link ChannelPreferences}, dispatch is {@code DispatchProperties}, both under the same
 * prefix.)
 */
@ConfigurationProperties("hub.campaigns")
@Validated
public class CampaignsProperties {

    /**
     * Folder (relative to the working directory, or absolute) where campaign definitions are dropped as JSON files
     * (routes/campaign-definitions-from-folder.yaml); outside {@code var} it must be added to
     * {@code hub.routes.allow.file-roots}.
     */
    @NotBlank
    private String inboxDir = "var/campaigns/inbox";

    /** The contact policy's decision of target lists. */
    @Valid
    private final Policy policy = new Policy();

    /** The CONTACT feed to the warehouse (routes/campaign-contacts-to-warehouse-contact-feed.yaml). */
    @Valid
    private final ContactFeed contactFeed = new ContactFeed();

    public String getInboxDir() { return inboxDir; }
    public void setInboxDir(String inboxDir) { this.inboxDir = inboxDir; }
    public Policy getPolicy() { return policy; }
    public ContactFeed getContactFeed() { return contactFeed; }

    /** The contact policy's decision of target lists. */
    public static class Policy {

        /** Lists with at least this many rows to decide are decided in parts side by side (tests lower it). */
        @Min(1)
        private long parallelFrom = 100_000;

        public long getParallelFrom() { return parallelFrom; }
        public void setParallelFrom(long parallelFrom) { this.parallelFrom = parallelFrom; }
    }

    /** The CONTACT feed to the warehouse. */
    public static class ContactFeed {

        /** Local folder where CONTACT files are written before their upload. */
        @NotBlank
        private String dir = "var/feeds/contact";

        /** How often the contacts whose fate changed go out as one CONTACT file (none when nothing changed). */
        @NotNull
        private Duration period = Duration.ofHours(1);

        public String getDir() { return dir; }
        public void setDir(String dir) { this.dir = dir; }
        public Duration getPeriod() { return period; }
        public void setPeriod(Duration period) { this.period = period; }
    }
}

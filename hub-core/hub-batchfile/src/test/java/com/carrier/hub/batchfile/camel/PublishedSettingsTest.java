package com.carrier.hub.batchfile.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.carrier.hub.batchfile.sftp.SftpSettings;

class PublishedSettingsTest {

    public static class Peer extends SftpSettings {
        private String customerFolder = "/boss/out/customer";
        private final Map<String, String> folders = new LinkedHashMap<>(Map.of("in", "/cc/in"));
        private List<String> codes = List.of("A", "B");

        public String getCustomerFolder() { return customerFolder; }
        public void setCustomerFolder(String customerFolder) { this.customerFolder = customerFolder; }
        public Map<String, String> getFolders() { return folders; }
        public List<String> getCodes() { return codes; }
    }

    @Test
    void answersTheEffectiveValueOfEachPropertyFieldDefaultsIncluded() {
        Peer peer = new Peer();
        peer.setHost("boss.example");
        PublishedSettings settings = PublishedSettings.of("hub.connectors.boss", peer);

        assertThat(settings.getProperty("hub.connectors.boss.host")).isEqualTo("boss.example");
        assertThat(settings.getProperty("hub.connectors.boss.port")).isEqualTo("22");
        assertThat(settings.getProperty("hub.connectors.boss.customer-folder")).isEqualTo("/boss/out/customer");
        assertThat(settings.getProperty("hub.connectors.boss.strict-host-key-checking")).isEqualTo("yes");
        assertThat(settings.getProperty("hub.connectors.boss.poll-delay")).as("durations in ms").isEqualTo("30000");
        assertThat(settings.getProperty("hub.connectors.boss.password")).as("unset").isEmpty();
        assertThat(settings.getProperty("hub.connectors.boss.folders.in")).isEqualTo("/cc/in");
        assertThat(settings.getProperty("hub.connectors.boss.codes")).isEqualTo("A,B");

        peer.setCustomerFolder("/elsewhere");
        assertThat(settings.getProperty("hub.connectors.boss.customer-folder")).as("read at each lookup").isEqualTo("/elsewhere");
    }

    @Test
    void aNameNoSettingsObjectKnowsIsNotAnswered() {
        PublishedSettings settings = PublishedSettings.of("hub.connectors.boss", new Peer());

        assertThat(settings.getProperty("hub.connectors.boss.custmer-folder")).isNull();
        assertThat(settings.getProperty("hub.connectors.boss.folders.out")).isNull();
        assertThat(settings.getProperty("hub.connectors.boss.folders")).as("a map is no value").isNull();
        assertThat(settings.getProperty("hub.connectors.warehouse.host")).isNull();
    }

    @Test
    void theLongestPrefixWins() {
        Peer boss = new Peer();
        boss.setConnectTimeout(Duration.ofSeconds(3));
        Peer orders = new Peer();
        orders.setConnectTimeout(Duration.ofSeconds(7));
        PublishedSettings settings = new PublishedSettings(() -> List.of(
                new PublishedSettings.Entry("hub.connectors.boss", boss), new PublishedSettings.Entry("hub.connectors.boss.orders", orders)));

        assertThat(settings.getProperty("hub.connectors.boss.orders.connect-timeout")).isEqualTo("7000");
        assertThat(settings.getProperty("hub.connectors.boss.connect-timeout")).isEqualTo("3000");
    }
}

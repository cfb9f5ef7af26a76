package com.carrier.hub.runtime.routes;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import com.carrier.hub.batchfile.camel.PublishedSettings;
import com.carrier.hub.runtime.peers.SftpPeerConnector;

/**
 * Makes every setting readable by routes and Kamelets as {@code {{hub.…}}} with the value its properties class holds:
 * each {@code @ConfigurationProperties} bean under its prefix, and each SFTP peer under {@code hub.peers.<id>}
 * ({@link PublishedSettings}). A placeholder then needs no default of its own — the default is the field's, declared
 * once — and a folder or period moved in configuration moves what the route does.
 */
@Component
public class SettingsPlaceholders implements CamelContextConfiguration {

    private final ApplicationContext context;

    public SettingsPlaceholders(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        camelContext.getPropertiesComponent().addPropertiesSource(new PublishedSettings(this::settings));
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing: the settings are read at each lookup
    }

    private List<PublishedSettings.Entry> settings() {
        List<PublishedSettings.Entry> entries = new ArrayList<>();
        ConfigurationPropertiesBean.getAll(context).values().forEach(bean -> {
            String prefix = bean.getAnnotation().prefix();
            // the hub's own settings only: camel.*, server.*, spring.* keep their own resolution
            if ((prefix.equals("hub") || prefix.startsWith("hub.")) && bean.getInstance() != null) {
                entries.add(new PublishedSettings.Entry(prefix, bean.getInstance()));
            }
        });
        context.getBeansOfType(SftpPeerConnector.class).values()
                .forEach(peer -> entries.add(new PublishedSettings.Entry("hub.peers." + peer.id(), peer.properties())));
        return entries;
    }
}

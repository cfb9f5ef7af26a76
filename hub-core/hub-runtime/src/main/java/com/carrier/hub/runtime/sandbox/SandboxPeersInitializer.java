package com.carrier.hub.runtime.sandbox;

import java.net.URI;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Profiles;

/**
 * In the {@code sandbox} profile, makes the context's {@link SandboxPeers} its bean {@code sandboxPeers} before any
 * other bean exists, so that the simulators stop <em>after</em> every bean when the context closes (a context destroys
 * its beans in the reverse of their order). The connectors close while their peers still answer: the SMS gateway
 * unbinds from a live SMSC instead of logging refused rebinds, the Kafka consumers leave a running broker.
 */
public class SandboxPeersInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String BEAN = "sandboxPeers";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!context.getEnvironment().acceptsProfiles(Profiles.of("sandbox"))) {
            return;
        }
        SandboxPeers peers = SandboxPeers.of(context.getEnvironment().getProperty(SandboxPeers.KEY_PROPERTY));
        var beans = context.getBeanFactory();
        beans.registerSingleton(BEAN, peers);
        ((DefaultSingletonBeanRegistry) beans).registerDisposableBean(BEAN, peers::stopAll);
        // Peers that call the hub back on their own (the app's event callbacks) learn where it listens once it does.
        context.addApplicationListener((ApplicationListener<WebServerInitializedEvent>) e -> {
            if (e.getApplicationContext().getServerNamespace() == null) {
                URI hub = URI.create("http://127.0.0.1:" + e.getWebServer().getPort());
                peers.simulators().forEach(s -> s.hubStarted(hub));
            }
        });
    }
}

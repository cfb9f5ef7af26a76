package com.carrier.hub.runtime.sandbox;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
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
    }
}

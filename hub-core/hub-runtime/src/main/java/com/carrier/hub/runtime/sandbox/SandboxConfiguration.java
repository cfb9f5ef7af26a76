package com.carrier.hub.runtime.sandbox;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The sandbox's simulators as a bean of this context, stopped when the context closes. */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
public class SandboxConfiguration {

    @Bean(destroyMethod = "stopAll")
    SandboxPeers sandboxPeers(@Value("${" + SandboxPeers.KEY_PROPERTY + ":}") String key) {
        return SandboxPeers.of(key.isEmpty() ? null : key);
    }
}

package com.carrier.hub.runtime.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.PropertyNames;

/**
 * Registers a {@link SftpPeerConnector} bean for every SFTP peer of {@code hub.peers.<id>.*} that has a host and is
 * enabled, before the connectors are collected: it is then a connector like any other (listed, probed, its health a
 * component of {@code /actuator/health}, its Kamelet admitted in routes). A peer without a host is not configured and
 * not registered; one with a host whose settings are wrong stops the start, naming each property.
 */
@Component
public class SftpPeers implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private static final Logger LOG = LoggerFactory.getLogger(SftpPeers.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        Map<String, SftpPeerProperties> peers = Binder.get(environment)
                .bind("hub", Bindable.of(PeersProperties.class)).map(PeersProperties::getPeers).orElse(Map.of());
        List<String> problems = new ArrayList<>();
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            peers.forEach((id, peer) -> {
                if (!peer.isEnabled() || peer.getHost() == null || peer.getHost().isBlank()) {
                    LOG.info("peers: {} has no host (hub.peers.{}.host) or is disabled: not configured", id, id);
                    return;
                }
                if (!id.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
                    problems.add("hub.peers." + id + ": a peer id is kebab-case (call-centre)");
                    return;
                }
                Set<ConstraintViolation<SftpPeerProperties>> violations = validator.validate(peer);
                for (ConstraintViolation<SftpPeerProperties> v : violations) {
                    problems.add("hub.peers." + id + "." + PropertyNames.kebab(v.getPropertyPath().toString()) + ": " + v.getMessage());
                }
                if (violations.isEmpty()) {
                    if (peer.getLocalWorkDirectory() == null) {
                        peer.setLocalWorkDirectory(SftpPeerProperties.localWorkDirectoryOf(id));
                    }
                    RootBeanDefinition bean = new RootBeanDefinition(SftpPeerConnector.class, () -> new SftpPeerConnector(id, peer));
                    registry.registerBeanDefinition("sftpPeer:" + id, bean);
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("SFTP peers: " + String.join("; ", problems));
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // nothing: the peers are registered as bean definitions above
    }
}

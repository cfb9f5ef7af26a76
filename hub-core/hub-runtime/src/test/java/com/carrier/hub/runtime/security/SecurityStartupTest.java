package com.carrier.hub.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class SecurityStartupTest {

    private final SecurityConfig config = new SecurityConfig();

    @Test
    void noAccountsRefusesToStartNamingTheEnvironmentVariables() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("prod");
        assertThatThrownBy(() -> config.hubAuthenticationProvider(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                new HubSecurityProperties(), env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HUB_SECURITY_USERS_ADMIN_PASSWORD")
                .hasMessageContaining("[prod]");
    }

    @Test
    void accountWithoutPasswordIsNamed() {
        HubSecurityProperties props = new HubSecurityProperties();
        props.getUsers().put("ops", new HubSecurityProperties.User());
        assertThatThrownBy(() -> config.hubAuthenticationProvider(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                props, new MockEnvironment()))
                .hasMessageContaining("hub.security.users.ops.password").hasMessageContaining("HUB_SECURITY_USERS_OPS_PASSWORD");
    }

    @Test
    void localhostOnlyAccountIsRefusedFromAnotherAddress() {
        HubSecurityProperties props = new HubSecurityProperties();
        HubSecurityProperties.User admin = new HubSecurityProperties.User();
        admin.setPassword("admin");
        admin.setRoles(List.of(HubSecurityProperties.Role.ADMIN));
        admin.setLocalhostOnly(true);
        props.getUsers().put("admin", admin);
        DaoAuthenticationProvider provider = config.hubAuthenticationProvider(
                PasswordEncoderFactories.createDelegatingPasswordEncoder(), props, new MockEnvironment());

        Authentication local = provider.authenticate(token("127.0.0.1"));
        assertThat(local.isAuthenticated()).isTrue();
        assertThat(local.getAuthorities()).extracting(Object::toString).contains("ROLE_ADMIN");
        assertThatThrownBy(() -> provider.authenticate(token("192.0.2.10")))
                .isInstanceOf(BadCredentialsException.class).hasMessageContaining("localhost only");
    }

    private static UsernamePasswordAuthenticationToken token(String remote) {
        UsernamePasswordAuthenticationToken t = UsernamePasswordAuthenticationToken.unauthenticated("admin", "admin");
        t.setDetails(new WebAuthenticationDetails(remote, null));
        return t;
    }
}

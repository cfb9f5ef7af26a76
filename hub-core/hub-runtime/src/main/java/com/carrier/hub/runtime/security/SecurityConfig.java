package com.carrier.hub.runtime.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

import com.carrier.hub.runtime.audit.AuditTrail;

/**
 * HTTP Basic on every /api and actuator endpoint except health; roles VIEWER (read), OPERATOR (campaign and dead-letter
 * actions), ADMIN (routes, connector configuration, the audit trail). Peer callbacks under /feedback/** carry their
 * own HMAC signature and are verified by their controllers. Wrong passwords are throttled ({@link LoginThrottle});
 * requests a foreign page could forge are refused ({@link BrowserRequests}). Every state-changing /api request of a
 * signed-in user is recorded in the audit trail ({@link AuditTrail#requestFilter()}).
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, DaoAuthenticationProvider provider, HubSecurityProperties properties,
                                    LoginThrottle throttle, AuditTrail audit) throws Exception {
        // A browser replays cached Basic credentials (and will replay the console's session cookie) cross-site:
        // BrowserRequests says which requests need the CSRF token, in a cookie a same-origin page can read.
        http.csrf(csrf -> csrf.requireCsrfProtectionMatcher(BrowserRequests.needCsrfToken())
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .addFilterBefore(BrowserRequests.originFilter(properties.getAllowedOrigins()), CsrfFilter.class)
                .addFilterBefore(throttle.filter(), BasicAuthenticationFilter.class)
                // after authentication and around the access rules: it records refused (403) requests with their user
                .addFilterAfter(audit.requestFilter(), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.accessDeniedHandler(BrowserRequests.deniedHandler()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authenticationProvider(provider)
                .httpBasic(Customizer.withDefaults())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers("/feedback/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        // the audit trail is the admins' alone: before the rule that lets VIEWER read every /api GET
                        .requestMatchers("/api/audit", "/api/audit/**").hasRole("ADMIN")
                        // a route trace shows message bodies: ADMIN only, reading included
                        .requestMatchers("/api/routes/*/trace").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs/**").hasRole("VIEWER")
                        .requestMatchers("/api/dead-letters/**", "/api/campaigns/**", "/api/contact-policy/**", "/api/customer-groups/**",
                                "/api/cases/**", "/api/managers/**", "/api/work-orders/**")
                            .hasRole("OPERATOR")
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole("VIEWER")
                        .requestMatchers("/api/**").hasRole("ADMIN")
                        .anyRequest().hasRole("VIEWER"));
        return http.build();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_OPERATOR\nROLE_OPERATOR > ROLE_VIEWER");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    private static UserDetailsService hubUsers(HubSecurityProperties properties, Environment env) {
        Map<String, HubSecurityProperties.User> users = properties.getUsers();
        if (users.isEmpty()) {
            throw new IllegalStateException("hub.security.users is empty for profile(s) "
                    + List.of(env.getActiveProfiles()) + ": set at least one account through environment variables,"
                    + " for example HUB_SECURITY_USERS_ADMIN_PASSWORD=… and HUB_SECURITY_USERS_ADMIN_ROLES=ADMIN"
                    + " (only the sandbox profile has a built-in localhost-only admin/admin)");
        }
        List<UserDetails> details = new ArrayList<>();
        users.forEach((name, user) -> {
            if (user.getPassword() == null || user.getPassword().isBlank()) {
                throw new IllegalStateException("hub.security.users." + name + ".password is not set: set HUB_SECURITY_USERS_"
                        + name.toUpperCase().replace('-', '_') + "_PASSWORD");
            }
            String password = user.getPassword().startsWith("{") ? user.getPassword() : "{noop}" + user.getPassword();
            details.add(User.withUsername(name).password(password)
                    .roles(user.getRoles().stream().map(Enum::name).toArray(String[]::new)).build());
        });
        return new InMemoryUserDetailsManager(details);
    }

    @Bean
    DaoAuthenticationProvider hubAuthenticationProvider(PasswordEncoder encoder, HubSecurityProperties properties,
                                                        Environment env) {
        UserDetailsService users = hubUsers(properties, env);
        Set<String> localhostOnly = new HashSet<>();
        properties.getUsers().forEach((name, user) -> {
            if (user.isLocalhostOnly()) {
                localhostOnly.add(name);
            }
        });
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users) {
            @Override
            protected void additionalAuthenticationChecks(UserDetails user,
                    org.springframework.security.authentication.UsernamePasswordAuthenticationToken authentication) {
                super.additionalAuthenticationChecks(user, authentication);
                if (localhostOnly.contains(user.getUsername()) && !fromLoopback(authentication.getDetails())) {
                    throw new BadCredentialsException("account " + user.getUsername() + " is accepted from localhost only");
                }
            }
        };
        provider.setPasswordEncoder(encoder);
        return provider;
    }

    private static boolean fromLoopback(Object details) {
        if (!(details instanceof WebAuthenticationDetails web) || web.getRemoteAddress() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(web.getRemoteAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

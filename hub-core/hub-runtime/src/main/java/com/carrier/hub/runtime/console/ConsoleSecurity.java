package com.carrier.hub.runtime.console;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.security.LoginThrottle;

/**
 * The console's own filter chain, before the API's: a session signed in through the form at {@code /login}, with the
 * hub's accounts and the same authentication provider as the API (so the sandbox admin's localhost-only rule holds),
 * wrong passwords throttled and locked by the same {@link LoginThrottle}, Spring Security's session CSRF token in every
 * form, and the same audit of state-changing requests. It matches only the console's paths; {@code /api/**} keeps its
 * stateless HTTP Basic chain ({@code SecurityConfig}) unchanged.
 *
 * <p>Roles as in the API: VIEWER reads every page, OPERATOR acts on dead letters, campaigns, the contact policy lists and cases. A refused request (role or CSRF
 * token) answers 403 with the console's page saying so; the rule is here, not only in the hidden buttons.
 */
@Configuration
public class ConsoleSecurity {

    /** Where the console's static files live; open before sign-in (the login page uses them). */
    static final String ASSETS = "/console/assets/**";

    @Bean
    @Order(1)
    SecurityFilterChain consoleFilterChain(HttpSecurity http, DaoAuthenticationProvider provider, LoginThrottle throttle,
                                        AuditTrail audit) throws Exception {
        AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
        denied.setErrorPage(ConsolePages.DENIED);
        http.securityMatcher("/", "/console/**", "/login", "/logout")
                .authenticationProvider(provider)
                .addFilterBefore(throttle.formFilter("/login", "/login"), UsernamePasswordAuthenticationFilter.class)
                // as in the API's chain: after authentication, around the access rules, so a refused (403) action is kept
                .addFilterAfter(audit.requestFilter(), UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage("/login").failureUrl("/login?error").defaultSuccessUrl("/", false)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(s -> s.invalidSessionUrl("/login?expired"))
                .exceptionHandling(e -> e.accessDeniedHandler(denied))
                // no script or style from anywhere but the hub, no framing: the pages work on a closed network
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none';"
                                + " form-action 'self'; base-uri 'none'")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(ASSETS, "/login").permitAll()
                        // the confirmation pages and the actions: OPERATOR
                        .requestMatchers("/console/dead-letters/**").hasRole("OPERATOR")
                        // campaigns: the forms and every change (create, edit, targets, lifecycle) OPERATOR, reading VIEWER
                        .requestMatchers(HttpMethod.POST, "/console/campaigns", "/console/campaigns/**").hasRole("OPERATOR")
                        .requestMatchers("/console/campaigns/new", "/console/campaigns/*/edit").hasRole("OPERATOR")
                        // policy lists and cases: a VIEWER looks; adding, removing, importing and scoring are OPERATOR's
                        .requestMatchers(HttpMethod.POST, "/console/contact-policy/**", "/console/cases/**")
                            .hasRole("OPERATOR")
                        .requestMatchers("/console/contact-policy/remove").hasRole("OPERATOR")
                        .anyRequest().hasRole("VIEWER"));
        return http.build();
    }

    /** Every browser session ends after {@code hub.console.session-timeout} without a request. */
    @Bean
    HttpSessionListener consoleSessionTimeout(ConsoleProperties properties) {
        int seconds = (int) Math.max(1, properties.getSessionTimeout().toSeconds());
        return new HttpSessionListener() {
            @Override
            public void sessionCreated(HttpSessionEvent event) {
                event.getSession().setMaxInactiveInterval(seconds);
            }
        };
    }
}

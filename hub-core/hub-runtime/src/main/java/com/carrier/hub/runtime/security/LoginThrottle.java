package com.carrier.hub.runtime.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Slows down and then locks wrong-password guessing ({@link HubSecurityProperties.Login}), per account and per client
 * address, from Spring Security's authentication events. {@link #filter()} refuses a Basic login of a locked account or
 * address with 429 and Retry-After before its password is checked; {@link #formFilter} does the same for the console's
 * sign-in form. Counts live in memory, per instance, and expire
 * with the lock: nobody is locked out for good. A localhost-only account (the sandbox's admin) cannot be locked by wrong
 * passwords sent from other hosts, which it refuses anyway: those count against their address only.
 */
@Component
public class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
    /** Counts kept before expired ones are swept, so a flood of made-up names cannot grow the map without end. */
    private static final int SWEEP_FROM = 10_000;

    private final HubSecurityProperties.Login settings;
    private final Set<String> localhostOnly;
    private final Clock clock;
    private final Map<String, Strikes> strikes = new ConcurrentHashMap<>();

    /** Failures of one key (account or address), when the last was, and until when the key must wait. */
    private record Strikes(int failures, Instant last, Instant waitUntil) {
    }

    @Autowired
    public LoginThrottle(HubSecurityProperties properties) {
        this(properties, Clock.systemUTC());
    }

    /** With the clock the waits and locks are measured on (tests move it on instead of waiting). */
    LoginThrottle(HubSecurityProperties properties, Clock clock) {
        this.settings = properties.getLogin();
        this.localhostOnly = properties.getUsers().entrySet().stream().filter(e -> e.getValue().isLocalhostOnly())
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    @EventListener
    public void failed(AuthenticationFailureBadCredentialsEvent event) {
        String user = event.getAuthentication().getName();
        String address = address(event.getAuthentication());
        if (address != null) {
            // one person mistyping slows down their account, not every account behind their address
            strike("address " + address, settings.getAccountFailures(), settings.getAddressFailures());
        }
        if (user != null && !(localhostOnly.contains(user) && !loopback(address))) {
            strike(account(user), settings.getFreeFailures(), settings.getAccountFailures());
        }
    }

    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        strikes.remove(account(event.getAuthentication().getName()));
        String address = address(event.getAuthentication());
        if (address != null) {
            strikes.remove("address " + address);
        }
    }

    /** Why a login is refused now, and how long it must wait. */
    public record Refusal(String detail, Duration retryAfter) {
    }

    /** Whether a login of {@code user} from {@code address} must wait; empty when it may try now. */
    public Optional<Refusal> refusal(String user, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {account(user), "address " + address}) {
            Strikes s = strikes.get(key);
            if (s != null && s.waitUntil().isAfter(now)) {
                Duration retryAfter = Duration.between(now, s.waitUntil());
                String what = s.failures() >= limit(key) ? "is locked" : "must wait";
                return Optional.of(new Refusal("login refused: " + key + " " + what + " after " + s.failures()
                        + " wrong passwords; try again in " + ProblemResponses.seconds(retryAfter) + " s", retryAfter));
            }
        }
        return Optional.empty();
    }

    /** The filter that refuses the logins {@link #refusal} names; it goes before Basic authentication. */
    public OncePerRequestFilter filter() {
        BasicAuthenticationConverter basic = new BasicAuthenticationConverter();
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                UsernamePasswordAuthenticationToken login;
                try {
                    login = basic.convert(request);
                } catch (AuthenticationException malformed) {
                    login = null; // Basic authentication answers it
                }
                if (login != null) {
                    Optional<Refusal> refused = refusal(login.getName(), request.getRemoteAddr());
                    if (refused.isPresent()) {
                        ProblemResponses.write(request, response, HttpStatus.TOO_MANY_REQUESTS, refused.get().detail(),
                                refused.get().retryAfter());
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }

    /**
     * The same refusal for the console's sign-in form: a POST to {@code loginPath} whose {@code username} (or client
     * address) must wait is sent back to {@code lockedUrl} with {@code ?locked=<seconds to wait>}, its password
     * unchecked. It goes before the form's authentication filter.
     */
    public OncePerRequestFilter formFilter(String loginPath, String lockedUrl) {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !"POST".equals(request.getMethod())
                        || !request.getRequestURI().equals(request.getContextPath() + loginPath);
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String user = request.getParameter("username");
                Optional<Refusal> refused = user == null ? Optional.empty() : refusal(user, request.getRemoteAddr());
                if (refused.isPresent()) {
                    response.sendRedirect(request.getContextPath() + lockedUrl + "?locked="
                            + ProblemResponses.seconds(refused.get().retryAfter()));
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private int limit(String key) {
        return key.startsWith("address ") ? settings.getAddressFailures() : settings.getAccountFailures();
    }

    /** Counts a failure of {@code key}: free up to {@code freeUpTo} failures, then waits doubling, locked at {@code lockAt}. */
    private void strike(String key, int freeUpTo, int lockAt) {
        Instant now = clock.instant();
        Duration lock = settings.getLockDuration();
        Strikes s = strikes.compute(key, (k, old) -> {
            int failures = old == null || old.last().plus(lock).isBefore(now) ? 1 : old.failures() + 1;
            Duration wait;
            if (failures >= lockAt) {
                wait = lock;
            } else if (failures > freeUpTo) {
                int doublings = Math.min(30, failures - freeUpTo - 1);
                wait = Duration.ofSeconds(1L << doublings);
                wait = wait.compareTo(lock) > 0 ? lock : wait;
            } else {
                wait = Duration.ZERO;
            }
            return new Strikes(failures, now, now.plus(wait));
        });
        if (s.failures() == lockAt) {
            LOG.warn("login: {} locked for {} after {} wrong passwords", key, lock, s.failures());
        } else if (s.failures() > freeUpTo) {
            LOG.info("login: {} waits {} ms after {} wrong passwords", key,
                    Duration.between(now, s.waitUntil()).toMillis(), s.failures());
        }
        if (strikes.size() > SWEEP_FROM) {
            strikes.values().removeIf(x -> x.last().plus(lock).isBefore(now) && !x.waitUntil().isAfter(now));
        }
    }

    /** The key of an account; the name as sent, shortened and without control characters, as it goes to the log. */
    private static String account(String user) {
        String name = user.replaceAll("\\p{Cntrl}", "?");
        return "account '" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "'";
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    }

    private static boolean loopback(String address) {
        if (address == null) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

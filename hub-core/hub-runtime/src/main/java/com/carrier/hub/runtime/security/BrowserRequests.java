package com.carrier.hub.runtime.security;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;

/**
 * Keeps a page on a foreign site from using an operator's cached Basic credentials to change anything (the console's
 * session cookie does not authenticate the API at all; the console's own forms carry its session CSRF token). Two
 * rules, both for the admin API and actuator, not for the HMAC-signed peer callbacks under {@code /feedback/**}:
 * <ol>
 *   <li>a request whose {@code Origin} is neither the hub's own nor one of {@code hub.security.allowed-origins} is
 *       refused (403), whatever its method (Spring's CORS processing);</li>
 *   <li>a state-changing request that a browser could send cross-site without asking first — no body, or a form or
 *       {@code text/plain} body — and that shows signs of a browser ({@code Origin}, {@code Referer},
 *       {@code Sec-Fetch-Site} or a cookie) must carry an {@code X-Hub-Request} (or {@code X-Requested-With}) header
 *       or the CSRF token (cookie {@code XSRF-TOKEN}, echoed in header {@code X-XSRF-TOKEN}); else 403. A browser
 *       sends neither header cross-site without a CORS preflight, which rule 1 refuses.</li>
 * </ol>
 * curl, scripts and peer systems send none of the browser's headers and keep working unchanged.
 */
final class BrowserRequests {

    /** Headers a cross-site page cannot add without a preflight; either one marks a request as sent on purpose. */
    static final List<String> INTENT_HEADERS = List.of("X-Hub-Request", "X-Requested-With");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final List<MediaType> SIMPLE_TYPES = List.of(MediaType.APPLICATION_FORM_URLENCODED,
            MediaType.MULTIPART_FORM_DATA, MediaType.TEXT_PLAIN);

    private BrowserRequests() {
    }

    /** Requests that must show the CSRF token: rule 2 above. */
    static RequestMatcher needCsrfToken() {
        return request -> !SAFE_METHODS.contains(request.getMethod()) && !peerCallback(request) && fromBrowser(request)
                && simple(request) && INTENT_HEADERS.stream().noneMatch(h -> request.getHeader(h) != null);
    }

    /** Rule 1: the CORS filter, refusing a foreign origin with a problem detail. */
    static CorsFilter originFilter(List<String> allowedOrigins) {
        CorsConfiguration allowed = new CorsConfiguration();
        allowed.setAllowedOrigins(List.copyOf(allowedOrigins));
        allowed.addAllowedMethod(CorsConfiguration.ALL);
        allowed.addAllowedHeader(CorsConfiguration.ALL);
        allowed.setAllowCredentials(true);
        CorsConfigurationSource source = request -> peerCallback(request) ? null : allowed;
        CorsFilter filter = new CorsFilter(source);
        filter.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            protected void rejectRequest(ServerHttpResponse response) throws IOException {
                HttpServletResponse servlet = ((ServletServerHttpResponse) response).getServletResponse();
                ProblemResponses.write(null, servlet, HttpStatus.FORBIDDEN, "cross-origin request refused: the Origin"
                        + " is not the hub's own nor one of hub.security.allowed-origins", null);
            }
        });
        return filter;
    }

    /** Answers a missing or wrong CSRF token with a problem detail saying what to send; other refusals as before. */
    static AccessDeniedHandler deniedHandler() {
        AccessDeniedHandler others = new AccessDeniedHandlerImpl();
        return (request, response, denied) -> {
            if (denied instanceof CsrfException) {
                ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, "request refused as possibly cross-site:"
                        + " a browser's form or text/plain request must carry the header X-Hub-Request: 1 or the CSRF"
                        + " token (header X-XSRF-TOKEN with the XSRF-TOKEN cookie's value)", null);
            } else {
                others.handle(request, response, denied);
            }
        };
    }

    private static boolean peerCallback(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + "/feedback/");
    }

    private static boolean fromBrowser(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.ORIGIN) != null || request.getHeader(HttpHeaders.REFERER) != null
                || request.getHeader("Sec-Fetch-Site") != null || request.getHeader(HttpHeaders.COOKIE) != null;
    }

    private static boolean simple(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || type.isBlank()) {
            return true;
        }
        try {
            MediaType media = MediaType.parseMediaType(type);
            return SIMPLE_TYPES.stream().anyMatch(s -> s.equalsTypeAndSubtype(media));
        } catch (IllegalArgumentException unparsable) {
            return true; // a browser sends what a form says; treat what we cannot read as the worst case
        }
    }
}

package com.carrier.hub.runtime.audit;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import com.carrier.hub.runtime.web.InvalidRequest;
import com.carrier.hub.runtime.web.StrictJson;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Records every state-changing API or console ({@code /console/**}) request of a signed-in user once it has been
 * answered: Spring Security runs this filter right after authentication, so it sees the user and wraps the access rules (a 403 is recorded) and the
 * controller (its status, its refusal's reason, the before/after it attached). Requests without a signed-in user (no
 * or wrong credentials, refused cross-site requests) are not operator actions: the login throttle and the log cover
 * them, and recording them would let anyone fill the append-only table.
 */
final class AuditRequests extends OncePerRequestFilter {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9_]+)}");
    private static final Pattern PATTERN_VARIABLE = Pattern.compile("\\{\\*?([A-Za-z0-9_]+)");
    private static final Pattern WORD = Pattern.compile("[a-z0-9-]{1,32}");
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
    private static final int MAX_TARGET = 500;
    private static final int MAX_TEXT = 2000;

    private final AuditTrail trail;
    private final ObjectProvider<HandlerMapping> handlers;
    private final ErrorAttributes errors;

    AuditRequests(AuditTrail trail, ObjectProvider<HandlerMapping> handlers, ErrorAttributes errors) {
        this.trail = trail;
        this.handlers = handlers;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !STATE_CHANGING.contains(request.getMethod())
                || !(path.startsWith(request.getContextPath() + "/api/")
                        || path.startsWith(request.getContextPath() + "/console/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // taken now: further down the chain an anonymous token may replace it, and after it the context is cleared
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        boolean signedIn = who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken);
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            if (signedIn) {
                trail.write(row(request, response, who, failed), false);
            }
        }
    }

    private AuditTrail.Row row(HttpServletRequest request, HttpServletResponse response, Authentication who,
                               boolean failed) {
        int status = failed ? 500 : response.getStatus();
        HandlerMethod handler = handler(request);
        @SuppressWarnings("unchecked")
        Map<String, String> variables = handler == null ? Map.of()
                : (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        Set<String> inAction = new HashSet<>();
        String action = handler == null ? "unmapped" : action(handler, variables == null ? Map.of() : variables, inAction);
        String target = null;
        if (variables != null && !variables.isEmpty()) {
            // in the order of the path (the variables come in a map without order): blacklist/139****5678
            Set<String> names = new LinkedHashSet<>();
            Matcher inPattern = PATTERN_VARIABLE.matcher(String.valueOf(
                    request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)));
            while (inPattern.find()) {
                names.add(inPattern.group(1));
            }
            names.addAll(new TreeSet<>(variables.keySet()));
            StringJoiner values = new StringJoiner("/");
            for (String name : names) {
                if (!inAction.contains(name) && variables.get(name) != null) {
                    values.add(variables.get(name));
                }
            }
            target = values.length() == 0 ? null : AuditTrail.mask(values.toString(), MAX_TARGET);
        }
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        AuditTrail.Change change = request.getAttribute(AuditTrail.CHANGE) instanceof AuditTrail.Change c ? c : null;
        String roles = who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(a -> a.startsWith("ROLE_") ? a.substring(5) : a).sorted().collect(Collectors.joining(","));
        return new AuditTrail.Row(who.getName(), roles, request.getRemoteAddr(), action, target, request.getMethod(),
                AuditTrail.mask(path, MAX_TEXT), Integer.toString(status), change == null ? null : change.before(),
                change == null ? null : change.after(), AuditTrail.mask(detail(request, status, handler), MAX_TEXT));
    }

    /**
     * The handler method that answered, or, for a request refused before it reached one (403), the one that would
     * have: the action of a refused request is named as that of an accepted one. Null when none matches (404, 405).
     */
    private HandlerMethod handler(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod method) {
            return method;
        }
        HandlerMapping mapping = handlers.getIfAvailable();
        if (mapping == null) {
            return null;
        }
        try {
            if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
                ServletRequestPathUtils.parseAndCache(request);
            }
            HandlerExecutionChain found = mapping.getHandler(request);
            return found != null && found.getHandler() instanceof HandlerMethod method ? method : null;
        } catch (Exception noneMatches) {
            return null; // a method or media type no handler takes: the path says what was asked
        }
    }

    /** {@code campaigns.patch} from the controller's and method's names, or the handler's {@link AuditAction}. */
    static String action(HandlerMethod handler, Map<String, String> variables, Set<String> used) {
        AuditAction named = handler.getMethodAnnotation(AuditAction.class);
        if (named == null) {
            String controller = ClassUtils.getUserClass(handler.getBeanType()).getSimpleName();
            if (controller.endsWith("Controller")) {
                controller = controller.substring(0, controller.length() - "Controller".length());
            }
            return kebab(controller) + "." + kebab(handler.getMethod().getName());
        }
        Matcher m = VARIABLE.matcher(named.value());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            used.add(m.group(1));
            String value = variables.get(m.group(1));
            value = value == null ? "unknown" : value.toLowerCase(Locale.ROOT);
            m.appendReplacement(out, Matcher.quoteReplacement(WORD.matcher(value).matches() ? value : "unknown"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Why a request was refused, from the exception the controller answered with; null when it succeeded. */
    private String detail(HttpServletRequest request, int status, HandlerMethod handler) {
        if (status < 400) {
            return null;
        }
        Throwable error = errors.getError(new ServletWebRequest(request));
        if (error instanceof InvalidRequest invalid) {
            return invalid.getMessage() + ": " + invalid.errors().stream()
                    .map(e -> e.property() + " " + e.message()).collect(Collectors.joining("; "));
        }
        if (error instanceof HttpMessageNotReadableException unreadable) {
            return unreadable.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? "request body: " + StrictJson.fieldError(mapping).property() + " " + StrictJson.fieldError(mapping).message()
                    : "request body is not valid JSON of the expected shape";
        }
        if (error instanceof ErrorResponse answer && answer.getBody().getDetail() != null) {
            return answer.getBody().getDetail();
        }
        if (error != null) {
            // other exceptions' messages may carry SQL or values: the log has them, the audit names the kind
            return "failed: " + error.getClass().getSimpleName();
        }
        if (status == 403) {
            return "refused by the access rules (the account's roles, or a cross-site check)";
        }
        return List.of(404, 405).contains(status) && handler == null ? "no such endpoint or method" : null;
    }

    private static String kebab(String camel) {
        return CAMEL.matcher(camel).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
    }
}

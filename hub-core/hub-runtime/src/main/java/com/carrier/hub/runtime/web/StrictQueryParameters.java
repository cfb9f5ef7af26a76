package com.carrier.hub.runtime.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.ParameterIn;

import com.carrier.hub.api.FieldError;

/**
 * Refuses an API request whose query string names a parameter its endpoint does not take ({@code ?baseVersoin=1},
 * {@code ?actr=}), with a 400 naming it and the known ones, before the endpoint runs: a misspelt parameter is never
 * ignored. An endpoint's parameters are its {@code @RequestParam}s and, for one that reads the request itself, the
 * query parameters its {@code @Operation} documents; an endpoint taking a map of parameters takes any, and so does one
 * that reads the request itself and documents none.
 */
@Configuration
public class StrictQueryParameters implements HandlerInterceptor, WebMvcConfigurer {

    /** Known names by endpoint; null for an endpoint that takes any. */
    private final Map<HandlerMethod, Set<String>> known = new ConcurrentHashMap<>();
    private static final Set<String> ANY = Set.of();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty() || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        Set<String> names = known.computeIfAbsent(method, StrictQueryParameters::parametersOf);
        if (names == ANY) {
            return true;
        }
        List<FieldError> errors = new ArrayList<>();
        for (String name : given(query)) {
            if (!names.contains(name)) {
                errors.add(new FieldError(name, "unknown parameter '" + name + "'; known: " + new TreeSet<>(names)));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the request has parameters this endpoint does not take", errors);
        }
        return true;
    }

    private static Set<String> parametersOf(HandlerMethod method) {
        Set<String> names = new LinkedHashSet<>();
        for (MethodParameter p : method.getMethodParameters()) {
            RequestParam param = p.getParameterAnnotation(RequestParam.class);
            if (param == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(p.getParameterType())) {
                return ANY;
            }
            String name = !param.name().isEmpty() ? param.name() : param.value();
            if (name.isEmpty()) {
                p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
                name = p.getParameterName();
            }
            names.add(name);
        }
        Operation operation = method.getMethodAnnotation(Operation.class);
        if (operation != null) {
            for (io.swagger.v3.oas.annotations.Parameter p : operation.parameters()) {
                if (p.in() == ParameterIn.QUERY) {
                    names.add(p.name());
                }
            }
        }
        boolean readsTheRequest = java.util.Arrays.stream(method.getMethodParameters())
                .anyMatch(p -> jakarta.servlet.ServletRequest.class.isAssignableFrom(p.getParameterType()));
        // an endpoint that reads the request itself and documents no parameter (a fallback answering 415 for a
        // content type it does not take, say) is left to its own checks
        return names.isEmpty() && readsTheRequest ? ANY : names;
    }

    /** The parameter names of the query string itself (not of a form body). */
    private static Set<String> given(String query) {
        Set<String> names = new LinkedHashSet<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                names.add(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8));
            }
        }
        return names;
    }
}

package com.carrier.hub.runtime.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Refuses a request whose query parameters hold U+0000 with a 400 naming the parameter, before any controller passes
 * the value to PostgreSQL (which cannot store it and would answer with an error). JSON bodies are checked by
 * {@link StrictJson}, uploads and callbacks by their readers.
 */
@Component
public class NulParameters extends OncePerRequestFilter {

    private final ObjectMapper json;

    public NulParameters(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && (query.contains("%00") || query.indexOf('\u0000') >= 0)) {
            for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
                for (String v : p.getValue()) {
                    if (p.getKey().indexOf('\u0000') >= 0 || v.indexOf('\u0000') >= 0) {
                        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                                "request has invalid parameters");
                        problem.setProperty("errors", List.of(Map.of("field", p.getKey().replace('\u0000', '?'),
                                "message", "must not contain U+0000 (NUL)")));
                        response.setStatus(HttpStatus.BAD_REQUEST.value());
                        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                        json.writeValue(response.getOutputStream(), problem);
                        return;
                    }
                }
            }
        }
        chain.doFilter(request, response);
    }
}

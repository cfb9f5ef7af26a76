package com.carrier.hub.runtime.security;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes the refusals of the servlet filters (throttling, limits, cross-site requests) as RFC 9457 problem details. */
final class ProblemResponses {

    /** Spring's builder: it brings the mixin that writes a problem's extra properties at the top level. */
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

    private ProblemResponses() {
    }

    /**
     * Answers {@code status} with {@code detail}; {@code retryAfter} (rounded up to whole seconds) when not null. The
     * request, when given, becomes the problem's instance.
     */
    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail,
                      Duration retryAfter) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (request != null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        response.setStatus(status.value());
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
        response.flushBuffer();
    }

    /** Whole seconds, at least 1. */
    static long seconds(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return Math.max(1, s);
    }
}

package com.carrier.hub.runtime.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what the peers' unauthenticated callbacks under {@code /feedback/**} may hold ({@link
 * HubSecurityProperties.Feedback}): callbacks read at once, per client address and in all, so that slow bodies cannot
 * take the server threads health and the admin API answer on (more answer 429 with Retry-After at once), and the time
 * to receive a body (a slower one answers 408). Tomcat then closes the connection rather than drain the rest of the
 * body ({@code server.tomcat.max-swallow-size: 0B}); {@code server.tomcat.connection-timeout} bounds each single read.
 */
@Configuration
public class FeedbackLimits {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackLimits.class);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> feedbackLimitsFilter(HubSecurityProperties properties) {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new LimitFilter(properties.getFeedback()));
        registration.addUrlPatterns("/feedback/*");
        registration.setName("feedbackLimits");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10); // before Spring Security and everything that reads
        return registration;
    }

    /** The filter; one per server. */
    static final class LimitFilter extends OncePerRequestFilter {

        private final HubSecurityProperties.Feedback limits;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Map<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

        LimitFilter(HubSecurityProperties.Feedback limits) {
            this.limits = limits;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String address = request.getRemoteAddr();
            AtomicInteger mine = byAddress.computeIfAbsent(address, a -> new AtomicInteger());
            int fromAddress = mine.incrementAndGet();
            int all = inFlight.incrementAndGet();
            try {
                if (fromAddress > limits.getMaxPerAddress() || all > limits.getMaxConcurrent()) {
                    String which = fromAddress > limits.getMaxPerAddress()
                            ? limits.getMaxPerAddress() + " from address " + address + " (hub.security.feedback.max-per-address)"
                            : limits.getMaxConcurrent() + " in all (hub.security.feedback.max-concurrent)";
                    LOG.warn("feedback: {} {} refused: already receiving {} callbacks", request.getMethod(),
                            request.getRequestURI(), which);
                    ProblemResponses.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "too many callbacks at once:"
                            + " at most " + which, Duration.ofSeconds(1));
                    return;
                }
                Deadline deadline = new Deadline(request, System.nanoTime() + limits.getReadTimeout().toNanos());
                try {
                    chain.doFilter(deadline, response);
                } catch (IOException | ServletException | RuntimeException e) {
                    if (!deadline.passed) {
                        throw e;
                    }
                }
                if (deadline.passed) {
                    LOG.warn("feedback: {} {} from {}: body not received within {}; connection closed",
                            request.getMethod(), request.getRequestURI(), address, limits.getReadTimeout());
                    if (!response.isCommitted()) {
                        response.reset();
                        ProblemResponses.write(request, response, HttpStatus.REQUEST_TIMEOUT, "body not received within "
                                + limits.getReadTimeout() + " (hub.security.feedback.read-timeout)", null);
                    }
                }
            } finally {
                inFlight.decrementAndGet();
                if (mine.decrementAndGet() == 0) {
                    byAddress.remove(address, mine);
                }
            }
        }
    }

    /**
     * The request, whose body reads fail once the deadline has passed: each read waits at most Tomcat's connection
     * timeout, so a trickling body is cut at the next byte after the deadline.
     */
    private static final class Deadline extends HttpServletRequestWrapper {

        private final long until;
        private volatile boolean passed;
        private ServletInputStream in;

        Deadline(HttpServletRequest request, long until) {
            super(request);
            this.until = until;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                ServletInputStream body = super.getInputStream();
                in = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        check();
                        return body.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        check();
                        return body.read(b, off, len);
                    }

                    @Override
                    public boolean isFinished() {
                        return body.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return body.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        body.setReadListener(listener);
                    }
                };
            }
            return in;
        }

        private void check() throws IOException {
            if (System.nanoTime() - until > 0) {
                passed = true;
                throw new IOException("request body not received in time");
            }
        }
    }
}

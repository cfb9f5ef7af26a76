package com.carrier.hub.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Calls one HTTP peer the way every push must: with its bearer token, under a request timeout, through the peer's
 * circuit breaker, honouring 429 + Retry-After and backing off exponentially on 5xx, timeouts and connection failures.
 *
 * <p>The breaker lives here, in the client, rather than in a route's circuit-breaker EIP, because the campaign engine
 * calls the Java API directly in bulk as well as routes calling the Kamelets: both paths share one breaker per peer.
 */
public final class PeerHttp {

    private static final Logger LOG = LoggerFactory.getLogger(PeerHttp.class);

    private final String peer;
    private final String token;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final CircuitBreaker breaker;
    private final HttpClient http;

    /**
     * @param peer the connector id, used in messages and as the breaker's name
     */
    public PeerHttp(String peer, String token, Duration connectTimeout, Duration requestTimeout, RetryPolicy retry,
                    CircuitBreaker breaker) {
        this.peer = peer;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.breaker = breaker;
        // HTTP/1.1: the peers are plain HTTP/1.1 servers and an h2c upgrade attempt would only cost a round trip.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** A request builder with the peer's bearer token and the request timeout. */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Authorization", "Bearer " + token);
    }

    /** One call, no retry and no breaker: for health probes, which must report what the peer really does now. */
    public HttpResponse<byte[]> once(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IOException(request.method() + " " + request.uri() + " failed: " + reason(e), e);
        }
    }

    /**
     * Sends the request until the peer gives an answer that is not 429, 5xx or a transport failure, and returns that
     * answer (2xx or another 4xx: the caller judges it).
     *
     * @param request builds the request afresh for each attempt
     * @throws PeerUnavailableException when the circuit is open, attempts or 429 retries are used up, or the thread is
     *                                  interrupted; the message says what failed and where
     */
    public HttpResponse<byte[]> send(Supplier<HttpRequest> request) {
        int failures = 0;
        int throttled = 0;
        while (true) {
            HttpRequest req = request.get();
            if (!breaker.tryAcquirePermission()) {
                throw new PeerUnavailableException(describe(req) + ": circuit breaker open after repeated failures"
                        + " (failure rate " + breaker.getMetrics().getFailureRate() + "%); not calling the peer for now");
            }
            long start = System.nanoTime();
            String failure;
            Throwable cause = null;
            Duration wait;
            try {
                HttpResponse<byte[]> response = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status == 429) {
                    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS); // alive, only busy
                    if (++throttled > retry.getMaxThrottledRetries()) {
                        throw new PeerUnavailableException(describe(req) + ": still 429 Too Many Requests after "
                                + retry.getMaxThrottledRetries() + " waits");
                    }
                    wait = retryAfter(response);
                    LOG.debug("{}: 429, waiting {} ms as Retry-After asks", describe(req), wait.toMillis());
                    sleep(wait, req);
                    continue;
                }
                if (status >= 500) {
                    breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS,
                            new IOException("HTTP " + status));
                    failure = "answered " + status + snippet(response.body());
                } else {
                    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    return response;
                }
            } catch (IOException e) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                failure = reason(e);
                cause = e;
            } catch (InterruptedException e) {
                breaker.releasePermission();
                Thread.currentThread().interrupt();
                throw new PeerUnavailableException(describe(req) + ": interrupted", e);
            }
            failures++;
            if (failures >= retry.getMaxAttempts()) {
                throw new PeerUnavailableException(describe(req) + " failed after " + failures + " attempts: " + failure,
                        cause);
            }
            wait = retry.backoff(failures);
            LOG.warn("{}: {} (attempt {} of {}); retrying in {} ms", describe(req), failure, failures,
                    retry.getMaxAttempts(), wait.toMillis());
            sleep(wait, req);
        }
    }

    private Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("").trim();
        Duration wait = retry.getDefaultRetryAfter();
        if (!value.isEmpty()) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(value));
            } catch (NumberFormatException notSeconds) {
                try {
                    wait = Duration.between(ZonedDateTime.now(),
                            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                } catch (RuntimeException notDate) {
                    LOG.warn("{}: ignoring unreadable Retry-After '{}'", peer, value);
                }
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return wait.compareTo(retry.getMaxRetryAfter()) > 0 ? retry.getMaxRetryAfter() : wait;
    }

    private void sleep(Duration wait, HttpRequest req) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException(describe(req) + ": interrupted while waiting to retry", e);
        }
    }

    private String describe(HttpRequest req) {
        return peer + ": " + req.method() + " " + req.uri();
    }

    /** What went wrong in a call, in words an operator can act on (a timeout, a refused connection, the message). */
    public static String reason(Throwable e) {
        if (e instanceof HttpTimeoutException) {
            return "no answer within the request timeout";
        }
        if (e instanceof ConnectException) {
            return "connection refused or unreachable" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The start of a peer's answer for an error message ({@code ": <first 200 bytes>"}), or nothing when empty. */
    public static String snippet(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return ": " + text;
    }
}

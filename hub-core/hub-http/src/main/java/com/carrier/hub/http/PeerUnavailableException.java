package com.carrier.hub.http;

/**
 * The peer could not be reached, kept answering 5xx or 429, or its circuit breaker is open. Transient: the hub's
 * route error handling retries it with back-off, and a repeated push is harmless because pushes are upserts.
 */
public class PeerUnavailableException extends RuntimeException {

    public PeerUnavailableException(String message) {
        super(message);
    }

    public PeerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

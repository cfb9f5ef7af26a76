package com.carrier.hub.api;

/**
 * A failure that retrying cannot cure: bad input, a peer's definitive refusal, a broken contract.
 *
 * <p>The hub's shared route error handling sends an exchange that fails with this exception (or one caused by it)
 * straight to the dead-letter store with its message as the reason, without redelivery. Every other exception is
 * treated as transient and retried with exponential back-off first.
 */
public class PermanentFailure extends RuntimeException {

    private final String code;

    /**
     * @param code    a short machine-readable reason code, for example {@code BAD_ENVELOPE}
     * @param message what was wrong and where
     */
    public PermanentFailure(String code, String message) {
        super(message);
        this.code = code;
    }

    public PermanentFailure(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}

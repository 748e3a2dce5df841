package io.aeserve.error;

/** A bounded queue is full; the client should retry later (answered with 429 and Retry-After). */
public class CapacityExceededException extends RuntimeException {

    private final int retryAfterSeconds;

    public CapacityExceededException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package io.aeserve.registry;

/** A stored version's files are missing, unreadable or do not match their checksums. */
public class CorruptVersionException extends RuntimeException {

    public CorruptVersionException(String message) {
        super(message);
    }

    public CorruptVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}

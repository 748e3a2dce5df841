package io.aeserve.error;

/** Storing what the request brings would go beyond the storage quota (answered with 507). */
public class StorageFullException extends RuntimeException {

    public StorageFullException(String message) {
        super(message);
    }
}

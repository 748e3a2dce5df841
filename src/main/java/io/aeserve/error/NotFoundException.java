package io.aeserve.error;

/** A named resource does not exist (answered with 404). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String kind, String name) {
        super(kind + " '" + name + "' does not exist");
    }
}

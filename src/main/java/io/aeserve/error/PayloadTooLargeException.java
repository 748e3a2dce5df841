package io.aeserve.error;

import java.io.IOException;

/** The request body is over the configured limit (answered with 413). */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(long limitBytes) {
        super("The request body is larger than the limit of " + limitBytes + " bytes (aeserve.limits.max-request-size)");
    }

    /** Something inside the request (a file, an array a header announces) is over a limit the message names. */
    public PayloadTooLargeException(String message) {
        super(message);
    }
}

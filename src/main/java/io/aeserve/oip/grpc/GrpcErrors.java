package io.aeserve.oip.grpc;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.error.ConflictException;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.error.StorageFullException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** aeserve's failures as gRPC status codes: the HTTP API's status, translated. */
final class GrpcErrors {

    /** Seconds to wait before retrying, as HTTP's Retry-After, on RESOURCE_EXHAUSTED. */
    static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {}

    static StatusRuntimeException of(RuntimeException failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof CapacityExceededException capacity) {
            Metadata trailers = new Metadata();
            trailers.put(RETRY_AFTER, Integer.toString(capacity.retryAfterSeconds()));
            return Status.RESOURCE_EXHAUSTED.withDescription(capacity.getMessage()).asRuntimeException(trailers);
        }
        Status status;
        if (failure instanceof InvalidInputException) {
            status = Status.INVALID_ARGUMENT;
        } else if (failure instanceof NotFoundException) {
            status = Status.NOT_FOUND;
        } else if (failure instanceof ConflictException) {
            // over HTTP 409; here, mostly a model without a trained version
            status = Status.FAILED_PRECONDITION;
        } else if (failure instanceof StorageFullException) {
            status = Status.RESOURCE_EXHAUSTED;
        } else {
            log.error("gRPC call failed", failure);
            return Status.INTERNAL.withDescription("internal error").asRuntimeException();
        }
        return status.withDescription(failure.getMessage()).asRuntimeException();
    }
}

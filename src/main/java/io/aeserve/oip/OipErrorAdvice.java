package io.aeserve.oip;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.error.ConflictException;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.error.StorageFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Failures of the Open Inference Protocol's REST surface in the protocol's shape, {@code {"error": "..."}}, with the
 * status codes of the rest of the API. Scoped to the protocol's controller and ahead of the problem-details advice,
 * which keeps answering everything else.
 */
@RestControllerAdvice(assignableTypes = OipRestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OipErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(OipErrorAdvice.class);

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<OipRestMessages.Error> invalid(InvalidInputException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<OipRestMessages.Error> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<OipRestMessages.Error> conflict(ConflictException e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<OipRestMessages.Error> tooLarge(PayloadTooLargeException e) {
        return error(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(StorageFullException.class)
    ResponseEntity<OipRestMessages.Error> storageFull(StorageFullException e) {
        return error(HttpStatus.INSUFFICIENT_STORAGE, e.getMessage());
    }

    @ExceptionHandler(CapacityExceededException.class)
    ResponseEntity<OipRestMessages.Error> capacity(CapacityExceededException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(new OipRestMessages.Error(e.getMessage()));
    }

    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<OipRestMessages.Error> rejected(RequestRejectedException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<OipRestMessages.Error> unexpected(Exception e) {
        if (e instanceof ErrorResponse response) {
            // Spring MVC's own failures (a missing header, an unreadable value) keep their status
            String detail = response.getBody().getDetail();
            return error(response.getStatusCode(), detail != null ? detail : e.getMessage());
        }
        log.error("Unexpected failure", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR,
                "The service failed to handle the request: " + e.getClass().getSimpleName());
    }

    private static ResponseEntity<OipRestMessages.Error> error(HttpStatusCode status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new OipRestMessages.Error(message));
    }
}

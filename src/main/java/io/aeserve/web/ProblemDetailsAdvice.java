package io.aeserve.web;

import io.aeserve.error.CapacityExceededException;
import io.aeserve.error.ConflictException;
import io.aeserve.error.FieldProblem;
import io.aeserve.error.InvalidInputException;
import io.aeserve.error.NotFoundException;
import io.aeserve.error.PayloadTooLargeException;
import io.aeserve.error.StorageFullException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/** Turns every failure into an RFC 7807 problem detail with a stable type per error family. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        return ProblemResponses.invalid(e.getMessage(), e.errors());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemResponses.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return ProblemResponses.problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> payloadTooLarge(PayloadTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ProblemResponses.payloadTooLarge(e));
    }

    @ExceptionHandler(StorageFullException.class)
    ProblemDetail storageFull(StorageFullException e) {
        return ProblemResponses.problem(
                HttpStatus.INSUFFICIENT_STORAGE, "storage-full", "Storage quota full", e.getMessage());
    }

    @ExceptionHandler(CapacityExceededException.class)
    ResponseEntity<ProblemDetail> capacity(CapacityExceededException e) {
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.TOO_MANY_REQUESTS, "capacity", "Too many requests", e.getMessage());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()))
                .body(problem);
    }

    /** The firewall checks headers when they are read, which may be while a controller runs. */
    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejected(RequestRejectedException e) {
        return ProblemResponses.rejected(e);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The service failed to handle the request: " + e.getClass().getSimpleName());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getField(), error.getDefaultMessage())));
        e.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
        return body(ProblemResponses.invalid(summary(errors), errors), headers);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(error -> errors.add(new FieldProblem(name, error.getDefaultMessage())));
        }
        return body(ProblemResponses.invalid(summary(errors), errors), headers);
    }

    /** A request parameter its registered converter refused names the parameter, as a bad body field does. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        InvalidInputException invalid = findCause(e, InvalidInputException.class);
        if (invalid != null) {
            return body(ProblemResponses.invalid(invalid.getMessage(), invalid.errors()), headers);
        }
        return super.handleTypeMismatch(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = findCause(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = ProblemResponses.payloadTooLarge(tooLarge);
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).headers(headers).body(problem);
        }
        InvalidInputException invalid = findCause(e, InvalidInputException.class);
        if (invalid != null) {
            return body(ProblemResponses.invalid(invalid.getMessage(), invalid.errors()), headers);
        }
        DatabindException mapping = findCause(e, DatabindException.class);
        if (mapping != null && !mapping.getPath().isEmpty()) {
            String field = JsonPaths.describe(mapping.getPath());
            String message = JsonPaths.reason(mapping);
            return body(ProblemResponses.invalid(field + ": " + message, List.of(new FieldProblem(field, message))),
                    headers);
        }
        Throwable root = e.getMostSpecificCause();
        String reason = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        // Spring's own message names the Java method; the client only needs to know there was nothing to read
        String detail = reason.startsWith("Required request body is missing") ? "The request body is empty"
                : "The request body is not valid JSON: " + reason;
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", detail);
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(ProblemResponses.TYPE_PREFIX + "http-" + statusCode.value()));
        }
        if (body instanceof ProblemDetail && headers.getContentType() == null) {
            // a preset type skips content negotiation, so a 406 for an Accept nobody can serve still has its body
            headers = new HttpHeaders(headers);
            headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static ResponseEntity<Object> body(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.badRequest().headers(headers).body(problem);
    }

    private static String summary(List<FieldProblem> errors) {
        return errors.isEmpty() ? "The request is invalid"
                : errors.stream().map(error -> error.field() + ": " + error.message())
                        .reduce((a, b) -> a + "; " + b).orElseThrow();
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

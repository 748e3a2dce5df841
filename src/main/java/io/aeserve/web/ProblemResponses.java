package io.aeserve.web;

import io.aeserve.error.FieldProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import tools.jackson.databind.json.JsonMapper;

/** Builds the service's problem details, one stable {@code type} per error family. */
public final class ProblemResponses {

    static final String TYPE_PREFIX = "urn:aeserve:problem:";

    /** The paths of the Open Inference Protocol, whose errors are {@code {"error": "..."}}, not problems. */
    public static final String OPEN_INFERENCE_PROTOCOL = "/v2";

    private final JsonMapper mapper;

    public ProblemResponses(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public static ProblemDetail problem(HttpStatus status, String family, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + family));
        problem.setTitle(title);
        return problem;
    }

    static ProblemDetail invalid(String detail, List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A request the security firewall refused: a header, parameter or path with characters it does not allow. */
    public static ProblemDetail rejected(RequestRejectedException e) {
        return problem(HttpStatus.BAD_REQUEST, "rejected-request", "Request rejected", e.getMessage());
    }

    static ProblemDetail payloadTooLarge(Exception cause) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large", cause.getMessage());
    }

    /**
     * Writes a problem straight to the response, for failures found before Spring MVC sees the request; on the Open
     * Inference Protocol's paths in that protocol's error shape.
     */
    public void write(HttpServletResponse response, HttpServletRequest request, ProblemDetail problem) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(OPEN_INFERENCE_PROTOCOL) || path.startsWith(OPEN_INFERENCE_PROTOCOL + "/")) {
            response.setStatus(problem.getStatus());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            mapper.writeValue(response.getOutputStream(), Map.of("error", problem.getDetail()));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", request.getRequestURI());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), body);
    }
}

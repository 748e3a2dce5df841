package io.aeserve.security;

import io.aeserve.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as problem details, like every other error, saying what the caller needs. */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String HOW_TO_CONFIGURE = "Configure API keys (aeserve.security.api-keys[N].name, .key-sha256 and "
            + ".scopes, or AESERVE_SECURITY_APIKEYS_0_NAME, AESERVE_SECURITY_APIKEYS_0_KEYSHA256 and "
            + "AESERVE_SECURITY_APIKEYS_0_SCOPES), a token issuer (aeserve.security.jwt.issuer-uri), or set "
            + "aeserve.security.mode=open to serve everyone without credentials.";

    private final ProblemResponses problems;
    private final boolean credentialsConfigured;
    private final AuditLog audit;

    SecurityProblems(JsonMapper mapper, boolean credentialsConfigured, AuditLog audit) {
        this.problems = new ProblemResponses(mapper);
        this.credentialsConfigured = credentialsConfigured;
        this.audit = audit;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String detail;
        if (!credentialsConfigured) {
            detail = "This service has no API keys and no token issuer configured, so it answers only clients on "
                    + "its own machine. " + HOW_TO_CONFIGURE;
        } else if (hasCredential(request)) {
            detail = "The credential was refused: " + e.getMessage() + ". Send a valid API key as "
                    + "'Authorization: Bearer <key>' or 'X-API-Key: <key>', or a valid bearer token.";
        } else {
            detail = "This request needs credentials: send an API key as 'Authorization: Bearer <key>' or "
                    + "'X-API-Key: <key>', or a bearer token from the configured issuer.";
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        problems.write(response, request,
                ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        ApiRoutes.Route route = ApiRoutes.of(request);
        String who = caller == null ? "the caller" : "'" + caller.getName() + "'";
        String detail = route != null
                ? who + " lacks the scope '" + route.scope().value() + "' that " + request.getMethod() + " "
                        + route.pattern() + " needs"
                : who + " may not " + request.getMethod() + " " + ApiRoutes.pathOf(request)
                        + " (actuator endpoints other than health and prometheus need the scope 'admin')";
        audit.denied(request, route, caller);
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
        if (route != null) {
            problem.setProperty("requiredScope", route.scope().value());
        }
        problems.write(response, request, problem);
    }

    /** Whether the request carried a credential at all, to tell "refused" from "missing". */
    private static boolean hasCredential(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return request.getHeader(ApiKeyOrBearerResolver.API_KEY_HEADER) != null
                || (authorization != null && !authorization.isBlank());
    }
}

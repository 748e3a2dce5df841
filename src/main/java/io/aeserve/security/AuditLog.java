package io.aeserve.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One line in the log {@code io.aeserve.audit} for every {@code train} and {@code admin} action, allowed or denied:
 * who (key name or token subject), what, on which model, version, job or dataset, and the answer's status.
 */
final class AuditLog extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger("io.aeserve.audit");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiRoutes.Route route = ApiRoutes.of(request);
        if (!audited(route)) {
            chain.doFilter(request, response);
            return;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        try {
            chain.doFilter(request, response);
        } finally {
            log.info("subject={} action={} {} status={}", subject(caller), route.action(),
                    targets(route, route.match(request)), response.getStatus());
        }
    }

    void denied(HttpServletRequest request, ApiRoutes.Route route, Authentication caller) {
        if (audited(route)) {
            log.warn("subject={} action={} {} status=403 denied: lacks scope {}", subject(caller), route.action(),
                    targets(route, route.match(request)), route.scope().value());
        }
    }

    private static boolean audited(ApiRoutes.Route route) {
        return route != null && (route.scope() == Scope.TRAIN || route.scope() == Scope.ADMIN);
    }

    private static String subject(Authentication caller) {
        return caller == null ? "-" : caller.getName();
    }

    private static String targets(ApiRoutes.Route route, Map<String, String> variables) {
        if (route.pattern().startsWith("/api/v1/datasets")) {
            return "dataset=" + variables.getOrDefault("id", "-");
        }
        if (route.pattern().startsWith("/api/v1/jobs")) {
            return "job=" + variables.getOrDefault("id", "-");
        }
        return "model=" + variables.getOrDefault("name", "-") + " version=" + variables.getOrDefault("version", "-");
    }
}

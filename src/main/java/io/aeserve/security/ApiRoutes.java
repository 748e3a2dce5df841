package io.aeserve.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every API route with the scope it needs and the action name the audit log gives it: the one table both the
 * authorization rules and the audit log are made from.
 */
final class ApiRoutes {

    /** One route: method and path pattern, the scope it needs, and the action it performs. */
    record Route(HttpMethod method, String pattern, Scope scope, String action, PathPattern parsed) {

        Route(HttpMethod method, String pattern, Scope scope, String action) {
            this(method, pattern, scope, action, PathPatternParser.defaultInstance.parse(pattern));
        }

        /** The path variables ({@code name}, {@code version}, {@code id}) when the request is this route's. */
        Map<String, String> match(HttpServletRequest request) {
            if (!method.matches(request.getMethod())) {
                return null;
            }
            var info = parsed.matchAndExtract(PathContainer.parsePath(pathOf(request)));
            return info == null ? null : info.getUriVariables();
        }

        private boolean matches(String requestMethod, PathContainer path) {
            return method.matches(requestMethod) && parsed.matches(path);
        }
    }

    private static final String MODEL = "/api/v1/models/{name}";
    private static final String VERSION = MODEL + "/versions/{version}";
    private static final String OIP_MODEL = "/v2/models/{name}";
    private static final String OIP_VERSION = OIP_MODEL + "/versions/{version}";

    static final List<Route> ALL = List.of(
            new Route(HttpMethod.GET, "/api/v1/models", Scope.READ, "list-models"),
            new Route(HttpMethod.GET, MODEL, Scope.READ, "get-model"),
            new Route(HttpMethod.GET, MODEL + "/versions", Scope.READ, "list-versions"),
            new Route(HttpMethod.GET, VERSION, Scope.READ, "get-version"),
            new Route(HttpMethod.GET, VERSION + "/views/reconstructions.png", Scope.READ, "view-reconstructions"),
            new Route(HttpMethod.GET, VERSION + "/views/latent-map", Scope.READ, "view-latent-map"),
            new Route(HttpMethod.GET, VERSION + "/views/score-histogram", Scope.READ, "view-score-histogram"),
            new Route(HttpMethod.GET, VERSION + "/views/worst-rows", Scope.READ, "view-worst-rows"),
            new Route(HttpMethod.GET, "/api/v1/jobs", Scope.READ, "list-jobs"),
            new Route(HttpMethod.GET, "/api/v1/jobs/{id}", Scope.READ, "get-job"),
            new Route(HttpMethod.GET, "/api/v1/jobs/{id}/events", Scope.READ, "follow-job"),
            new Route(HttpMethod.GET, "/api/v1/datasets", Scope.READ, "list-datasets"),
            new Route(HttpMethod.GET, "/api/v1/datasets/{id}", Scope.READ, "get-dataset"),
            new Route(HttpMethod.POST, MODEL + "/encode", Scope.INFER, "encode"),
            new Route(HttpMethod.POST, MODEL + "/decode", Scope.INFER, "decode"),
            new Route(HttpMethod.POST, MODEL + "/reconstruct", Scope.INFER, "reconstruct"),
            new Route(HttpMethod.POST, MODEL + "/denoise", Scope.INFER, "denoise"),
            new Route(HttpMethod.POST, MODEL + "/anomaly-score", Scope.INFER, "anomaly-score"),
            new Route(HttpMethod.POST, MODEL + "/generate", Scope.INFER, "generate"),
            // who scores a dataset follows the job with the same scope
            new Route(HttpMethod.POST, MODEL + "/score-jobs", Scope.INFER, "score-dataset"),
            new Route(HttpMethod.GET, "/api/v1/score-jobs", Scope.INFER, "list-score-jobs"),
            new Route(HttpMethod.GET, "/api/v1/score-jobs/{id}", Scope.INFER, "get-score-job"),
            new Route(HttpMethod.GET, "/api/v1/score-jobs/{id}/results", Scope.INFER, "get-score-results"),
            new Route(HttpMethod.POST, "/api/v1/score-jobs/{id}/cancel", Scope.INFER, "cancel-score-job"),
            new Route(HttpMethod.DELETE, "/api/v1/score-jobs/{id}", Scope.INFER, "delete-score-job"),
            new Route(HttpMethod.POST, "/api/v1/models", Scope.TRAIN, "create-model"),
            new Route(HttpMethod.POST, "/api/v1/datasets", Scope.TRAIN, "upload-dataset"),
            new Route(HttpMethod.POST, MODEL + "/train", Scope.TRAIN, "train"),
            new Route(HttpMethod.POST, "/api/v1/jobs/{id}/cancel", Scope.TRAIN, "cancel-job"),
            new Route(HttpMethod.POST, VERSION + "/evaluate", Scope.TRAIN, "evaluate-version"),
            new Route(HttpMethod.GET, "/api/v1/evaluations/{id}", Scope.TRAIN, "get-evaluation"),
            new Route(HttpMethod.PATCH, MODEL, Scope.ADMIN, "update-model"),
            new Route(HttpMethod.DELETE, MODEL, Scope.ADMIN, "delete-model"),
            new Route(HttpMethod.POST, MODEL + "/versions", Scope.ADMIN, "import-version"),
            new Route(HttpMethod.GET, VERSION + "/export", Scope.ADMIN, "export-version"),
            new Route(HttpMethod.POST, VERSION + "/promote", Scope.ADMIN, "promote-version"),
            new Route(HttpMethod.PUT, VERSION + "/threshold", Scope.ADMIN, "set-threshold"),
            new Route(HttpMethod.DELETE, VERSION + "/threshold", Scope.ADMIN, "clear-threshold"),
            new Route(HttpMethod.DELETE, VERSION, Scope.ADMIN, "delete-version"),
            new Route(HttpMethod.DELETE, "/api/v1/datasets/{id}", Scope.ADMIN, "delete-dataset"),
            new Route(HttpMethod.GET, "/v2", Scope.READ, "server-metadata"),
            new Route(HttpMethod.GET, OIP_MODEL, Scope.READ, "model-metadata"),
            new Route(HttpMethod.GET, OIP_VERSION, Scope.READ, "model-metadata"),
            new Route(HttpMethod.GET, OIP_MODEL + "/ready", Scope.READ, "model-ready"),
            new Route(HttpMethod.GET, OIP_VERSION + "/ready", Scope.READ, "model-ready"),
            new Route(HttpMethod.POST, OIP_MODEL + "/infer", Scope.INFER, "infer"),
            new Route(HttpMethod.POST, OIP_VERSION + "/infer", Scope.INFER, "infer"));

    private ApiRoutes() {}

    /** The route of a request, or {@code null} when it is none of the API's. */
    static Route of(HttpServletRequest request) {
        // every request passes here (the audit log asks): its path is parsed once, not once a route
        PathContainer path = PathContainer.parsePath(pathOf(request));
        for (Route route : ALL) {
            if (route.matches(request.getMethod(), path)) {
                return route;
            }
        }
        return null;
    }

    static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}

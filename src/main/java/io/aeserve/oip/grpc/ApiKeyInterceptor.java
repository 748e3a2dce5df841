package io.aeserve.oip.grpc;

import io.aeserve.security.CredentialCheck;
import io.aeserve.security.Scope;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP API's access rules on gRPC calls: an API key or a bearer token (JWT) in {@code authorization: Bearer
 * <credential>}, or an API key in {@code x-api-key} metadata, with the scope the method needs (read for metadata and
 * model readiness, infer for ModelInfer); ServerLive and ServerReady are open, as the HTTP probes.
 */
final class ApiKeyInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    private static final String BEARER = "bearer ";

    /** The scope each method needs; methods not listed are open. */
    private static final Map<String, Scope> NEEDED = Map.of(
            "ModelReady", Scope.READ,
            "ServerMetadata", Scope.READ,
            "ModelMetadata", Scope.READ,
            "ModelInfer", Scope.INFER);

    private final CredentialCheck check;

    ApiKeyInterceptor(CredentialCheck check) {
        this.check = check;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        Scope needed = NEEDED.get(method);
        if (needed == null) {
            return next.startCall(call, headers);
        }
        Optional<Set<Scope>> granted = check.trustedScopes(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        if (granted.isEmpty()) {
            String credential = credential(headers);
            if (credential == null) {
                return refuse(call, Status.UNAUTHENTICATED.withDescription("send an API key as 'authorization: Bearer "
                        + "<key>' or 'x-api-key: <key>' metadata"));
            }
            granted = check.scopesOf(credential);
            if (granted.isEmpty()) {
                return refuse(call, Status.UNAUTHENTICATED.withDescription("the credential is neither a known API key nor a valid token"));
            }
        }
        if (!granted.get().contains(needed)) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription(method + " needs the '" + needed.value()
                    + "' scope"));
        }
        return next.startCall(call, headers);
    }

    private static String credential(Metadata headers) {
        String key = headers.get(API_KEY);
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String authorization = headers.get(AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).strip();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }
}

package io.aeserve.security;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * The HTTP API's access rules for transports outside Spring Security (the gRPC server): which scopes an API key
 * grants, and which callers are trusted without credentials. Bearer tokens (JWTs) are not checked here.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class CredentialCheck {

    private final ApiKeys keys;
    private final SecurityMode mode;
    private final boolean credentialsConfigured;

    CredentialCheck(ApiKeys keys, SecurityProperties properties) {
        this.keys = keys;
        this.mode = properties.mode();
        this.credentialsConfigured = !keys.isEmpty() || properties.jwt().configured();
    }

    /** The scopes of the API key {@code credential}; empty when no configured key matches. */
    public Optional<Set<Scope>> scopesOf(String credential) {
        if (credential == null || credential.isBlank()) {
            return Optional.empty();
        }
        ApiKeys.Holder holder = keys.find(credential.strip());
        return holder == null ? Optional.empty() : Optional.of(Set.copyOf(holder.scopes()));
    }

    /**
     * Every scope for a caller trusted without credentials, as over HTTP: everyone in open mode; in protected mode
     * with no key and no issuer configured, peers on this machine (loopback). Empty for everyone else.
     */
    public Optional<Set<Scope>> trustedScopes(SocketAddress peer) {
        boolean trusted = mode == SecurityMode.OPEN || (!credentialsConfigured && isLoopback(peer));
        return trusted ? Optional.of(EnumSet.allOf(Scope.class)) : Optional.empty();
    }

    private static boolean isLoopback(SocketAddress peer) {
        return peer instanceof InetSocketAddress address && address.getAddress() != null
                && address.getAddress().isLoopbackAddress();
    }
}

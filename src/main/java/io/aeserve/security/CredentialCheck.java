package io.aeserve.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * The HTTP API's access rules for transports outside Spring Security (the gRPC server): which scopes an API key or
 * a bearer token grants, and which callers are trusted without credentials.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class CredentialCheck {

    private final BearerCredentials credentials;
    private final TrustedCallers trusted;

    CredentialCheck(BearerCredentials credentials, TrustedCallers trusted) {
        this.credentials = credentials;
        this.trusted = trusted;
    }

    /** The scopes of {@code credential}, an API key or a bearer token; empty when it is neither. */
    public Optional<Set<Scope>> scopesOf(String credential) {
        if (credential == null || credential.isBlank()) {
            return Optional.empty();
        }
        return credentials.scopesOf(credential.strip());
    }

    /**
     * Every scope for a caller trusted without credentials, as over HTTP: everyone in open mode; in protected mode
     * with no key and no issuer configured, peers on this machine (loopback). Empty for everyone else.
     */
    public Optional<Set<Scope>> trustedScopes(SocketAddress peer) {
        InetAddress address = peer instanceof InetSocketAddress socket ? socket.getAddress() : null;
        return trusted.trusts(address) ? Optional.of(EnumSet.allOf(Scope.class)) : Optional.empty();
    }
}

package io.aeserve.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;

/**
 * Callers trusted without credentials, with every scope: everyone in open mode, and in protected mode with no
 * credentials configured, clients on this machine. The one rule for HTTP and gRPC. The client is the TCP peer:
 * forwarded-for headers are not honoured (server.forward-headers-strategy is none), so no header can make a remote
 * client look local.
 *
 * @param mode the security mode
 * @param credentialsConfigured whether any API key or token issuer is configured
 */
record TrustedCallers(SecurityMode mode, boolean credentialsConfigured) {

    private static final List<GrantedAuthority> EVERY_SCOPE = Arrays.stream(Scope.values())
            .<GrantedAuthority>map(scope -> new SimpleGrantedAuthority(scope.authority())).toList();

    /** Whether some callers are trusted without credentials, so the HTTP chain needs {@link #filter()}. */
    boolean trustsAnyone() {
        return mode == SecurityMode.OPEN || !credentialsConfigured;
    }

    /** Whether a caller at {@code peer} (null when unknown) is trusted without credentials. */
    boolean trusts(InetAddress peer) {
        return mode == SecurityMode.OPEN || (!credentialsConfigured && peer != null && peer.isLoopbackAddress());
    }

    /** Authenticates trusted HTTP callers with every scope, as {@code anonymous} in open mode, else {@code local}. */
    AuthenticationFilter filter() {
        String name = mode == SecurityMode.OPEN ? "anonymous" : "local";
        AuthenticationManager grantEveryScope = authentication ->
                UsernamePasswordAuthenticationToken.authenticated(authentication.getPrincipal(), null, EVERY_SCOPE);
        AuthenticationFilter filter = new AuthenticationFilter(grantEveryScope,
                request -> trusts(peer(request)) ? new PreAuthenticatedAuthenticationToken(name, "") : null);
        // authenticated callers go on to the resource they asked for
        filter.setSuccessHandler((request, response, authentication) -> {});
        return filter;
    }

    private static InetAddress peer(HttpServletRequest request) {
        try {
            // an address literal: no name is looked up
            return InetAddress.getByName(request.getRemoteAddr());
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

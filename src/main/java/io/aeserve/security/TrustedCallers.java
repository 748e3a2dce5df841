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
 * credentials configured, clients on this machine. The client is the TCP peer: forwarded-for headers are not
 * honoured (server.forward-headers-strategy is none), so no header can make a remote client look local.
 */
final class TrustedCallers {

    private static final List<GrantedAuthority> EVERY_SCOPE = Arrays.stream(Scope.values())
            .<GrantedAuthority>map(scope -> new SimpleGrantedAuthority(scope.authority())).toList();

    private TrustedCallers() {}

    /** Everyone, as {@code anonymous}. */
    static AuthenticationFilter everyone() {
        return filter("anonymous", request -> true);
    }

    /** Clients whose address is a loopback address, as {@code local}. */
    static AuthenticationFilter loopback() {
        return filter("local", TrustedCallers::isLoopback);
    }

    static boolean isLoopback(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private interface Trust {
        boolean trusts(HttpServletRequest request);
    }

    private static AuthenticationFilter filter(String name, Trust trust) {
        AuthenticationManager grantEveryScope = authentication ->
                UsernamePasswordAuthenticationToken.authenticated(authentication.getPrincipal(), null, EVERY_SCOPE);
        AuthenticationFilter filter = new AuthenticationFilter(grantEveryScope,
                request -> trust.trusts(request) ? new PreAuthenticatedAuthenticationToken(name, "") : null);
        // authenticated callers go on to the resource they asked for
        filter.setSuccessHandler((request, response, authentication) -> {});
        return filter;
    }
}

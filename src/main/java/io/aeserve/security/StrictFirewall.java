package io.aeserve.security;

import java.util.function.Predicate;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with its own character rules for header names, header values and parameter
 * names, answered without a regular expression when every character is printable ASCII, as in nearly every
 * request. Such text always passes those rules (printable ASCII is assigned and holds no control character);
 * anything else is still judged by the firewall's own patterns, so exactly the same requests are rejected. The
 * patterns test each character against Unicode categories on every header read, which cost a few percent of the
 * CPU of a single-row request.
 */
final class StrictFirewall {

    private StrictFirewall() {
    }

    static StrictHttpFirewall create() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(printableAsciiOr(StrictHttpFirewall.ALLOWED_HEADER_NAMES, false));
        firewall.setAllowedHeaderValues(printableAsciiOr(StrictHttpFirewall.ALLOWED_HEADER_VALUES, true));
        firewall.setAllowedParameterNames(printableAsciiOr(StrictHttpFirewall.ALLOWED_PARAMETER_NAMES, false));
        return firewall;
    }

    /** The rule, answered at once for text of printable ASCII characters (and tabs, when the rule allows them). */
    static Predicate<String> printableAsciiOr(Predicate<String> rule, boolean tabs) {
        return text -> printableAscii(text, tabs) || rule.test(text);
    }

    private static boolean printableAscii(String text, boolean tabs) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < ' ' || c > '~') && !(tabs && c == '\t')) {
                return false;
            }
        }
        return true;
    }
}

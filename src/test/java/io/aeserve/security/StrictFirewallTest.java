package io.aeserve.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/** The firewall's faster character checks accept and reject exactly what Spring Security's own patterns do. */
class StrictFirewallTest {

    @Test
    void everyCharacterIsJudgedAsTheFirewallsPatternsJudgeIt() {
        List<String> texts = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            texts.add(String.valueOf((char) c));
            texts.add("Content-Type: " + (char) c + " end");
        }
        for (int cp = Character.MIN_SUPPLEMENTARY_CODE_POINT; cp <= Character.MAX_CODE_POINT; cp += 97) {
            texts.add("a" + Character.toString(cp) + "b");
        }
        texts.add("");
        texts.add("application/json\tq=0.9");
        texts.add("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");

        assertSameAnswers(StrictHttpFirewall.ALLOWED_HEADER_NAMES, false, texts);
        assertSameAnswers(StrictHttpFirewall.ALLOWED_HEADER_VALUES, true, texts);
        assertSameAnswers(StrictHttpFirewall.ALLOWED_PARAMETER_NAMES, false, texts);
    }

    @Test
    void controlAndUnassignedCharactersAreStillRejected() {
        Predicate<String> values = StrictFirewall.printableAsciiOr(StrictHttpFirewall.ALLOWED_HEADER_VALUES, true);
        Predicate<String> names = StrictFirewall.printableAsciiOr(StrictHttpFirewall.ALLOWED_HEADER_NAMES, false);
        assertThat(values.test("text/plain")).isTrue();
        assertThat(values.test("a\tb")).isTrue();
        assertThat(names.test("a\tb")).isFalse();
        assertThat(values.test("a\u0000b")).isFalse();
        assertThat(values.test("a\u007fb")).isFalse();
        assertThat(values.test("a\u0085b")).isFalse();
        assertThat(values.test("a\u0378b")).as("unassigned").isFalse();
        assertThat(values.test("caf\u00e9 \u4e2d\u6587")).isTrue();
    }

    private static void assertSameAnswers(Predicate<String> rule, boolean tabs, List<String> texts) {
        Predicate<String> fast = StrictFirewall.printableAsciiOr(rule, tabs);
        for (String text : texts) {
            assertThat(fast.test(text)).as("%s", text.codePoints().boxed().toList()).isEqualTo(rule.test(text));
        }
    }
}

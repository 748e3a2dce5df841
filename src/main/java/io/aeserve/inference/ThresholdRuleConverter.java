package io.aeserve.inference;

import io.aeserve.error.InvalidInputException;
import java.util.Locale;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads the threshold rule named in a query parameter, in any case; null when absent. A name that is no rule is a
 * 400 naming the `rule` parameter. Spring MVC applies it to every {@code ThresholdRule} request parameter.
 */
@Component
class ThresholdRuleConverter implements Converter<String, ThresholdRule> {

    @Override
    public ThresholdRule convert(String name) {
        if (name.isBlank()) {
            return null;
        }
        try {
            return ThresholdRule.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("rule", "must be one of " + java.util.Arrays.stream(ThresholdRule.values())
                    .map(ThresholdRule::key).toList() + ", not '" + name + "'");
        }
    }
}

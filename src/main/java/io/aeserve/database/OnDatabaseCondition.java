package io.aeserve.database;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** The one rule for whether a database is configured: {@code spring.datasource.url} has a value. */
class OnDatabaseCondition extends SpringBootCondition {

    static final String URL_PROPERTY = "spring.datasource.url";

    /** An empty value (a chart's unset variable) counts as not configured. */
    static boolean isConfigured(PropertyResolver properties) {
        return StringUtils.hasText(properties.getProperty(URL_PROPERTY));
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnDatabase.class);
        return isConfigured(context.getEnvironment())
                ? ConditionOutcome.match(message.found("property").items(URL_PROPERTY))
                : ConditionOutcome.noMatch(message.didNotFind("property").items(URL_PROPERTY));
    }
}

package io.aeserve.database;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The opposite of {@link OnDatabaseCondition}, by the same rule. */
class OnNoDatabaseCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnNoDatabase.class);
        return OnDatabaseCondition.isConfigured(context.getEnvironment())
                ? ConditionOutcome.noMatch(message.found("property").items(OnDatabaseCondition.URL_PROPERTY))
                : ConditionOutcome.match(message.didNotFind("property").items(OnDatabaseCondition.URL_PROPERTY));
    }
}

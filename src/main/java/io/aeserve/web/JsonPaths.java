package io.aeserve.web;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** Names the field a JSON mapping failure happened at, in the dotted form users write ({@code spec.inputShape[0]}). */
final class JsonPaths {

    private JsonPaths() {}

    static String describe(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    static String reason(DatabindException e) {
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" at [Source");
        return (cut > 0 ? message.substring(0, cut) : message).lines().findFirst().orElse("invalid value");
    }
}

package io.aeserve.oip;

import java.util.Map;

/**
 * An output a request names, with its parameters ({@code score}, {@code threshold_rule}, {@code threshold_value},
 * or transport ones such as {@code binary_data}, which the inference ignores). Parameter values are String,
 * Boolean, Long or Double, as the protocol's parameters are.
 */
public record OipRequestedOutput(String name, Map<String, Object> parameters) {

    public OipRequestedOutput {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}

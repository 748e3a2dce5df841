package io.aeserve.model.loss;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loss of one batch, term by term: the total that is minimised and each named term it sums (reconstruction,
 * and sparsity, contractive or kl where the variant has one), each already weighted.
 */
public record LossTerms(NDArray total, Map<String, NDArray> terms) {

    public static final String RECONSTRUCTION = "reconstruction";
    public static final String SPARSITY = "sparsity";
    public static final String CONTRACTIVE = "contractive";
    public static final String KL = "kl";

    /** The terms' values as plain numbers (copies them off the device). */
    public Map<String, Double> values() {
        Map<String, Double> values = new LinkedHashMap<>();
        terms.forEach((name, term) -> values.put(name, (double) term.getFloat()));
        return values;
    }
}

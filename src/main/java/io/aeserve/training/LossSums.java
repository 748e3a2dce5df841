package io.aeserve.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.aeserve.model.loss.LossTerms;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An epoch's losses summed over its rows where they are computed, each batch's weighted by its rows, and read to
 * the host once: the total and each named term.
 */
final class LossSums {

    private final NDManager manager;
    private NDArray total;
    private final Map<String, NDArray> terms = new LinkedHashMap<>();

    /** {@code manager} holds the sums; it must outlive every batch added. */
    LossSums(NDManager manager) {
        this.manager = manager;
    }

    void add(LossTerms batch, int rows) {
        total = add(total, batch.total(), rows);
        batch.terms().forEach((name, term) -> terms.put(name, add(terms.get(name), term, rows)));
    }

    private NDArray add(NDArray sum, NDArray value, int rows) {
        NDArray weighted = value.stopGradient().mul(rows);
        if (sum == null) {
            weighted.attach(manager);
            return weighted;
        }
        return sum.addi(weighted);
    }

    /** The mean loss per row over {@code rows} rows, and of each term. */
    TrainingEpoch.Result means(int rows) {
        Map<String, Double> means = new LinkedHashMap<>();
        terms.forEach((name, sum) -> means.put(name, (double) sum.getFloat() / rows));
        return new TrainingEpoch.Result(total.getFloat() / rows, means);
    }
}

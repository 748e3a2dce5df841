package io.aeserve.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import io.aeserve.engine.FloatUpload;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardPass;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.loss.AutoencoderObjective;
import io.aeserve.model.loss.LossTerms;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.score.VersionScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Forward passes without gradients over chosen rows, batch by batch: validation losses and the version's scores. */
final class Evaluation {

    /** Rows evaluated at once at most; fewer for big models, see {@link #batch}. */
    private static final int MAX_BATCH = 1024;

    /** The mean loss over the rows, and of each of its terms. */
    record Result(double total, Map<String, Double> terms) {}

    private final Trainer trainer;
    private final AutoencoderObjective objective;
    private final ModelSpec spec;
    private final Shape rowShape;
    private final TrainingRows rows;
    private final int batch;

    Evaluation(Trainer trainer, AutoencoderObjective objective, ModelSpec spec, Shape rowShape, TrainingRows rows,
            int trainingBatchSize) {
        this.trainer = trainer;
        this.objective = objective;
        this.spec = spec;
        this.rowShape = rowShape;
        this.rows = rows;
        this.batch = batch(trainingBatchSize);
    }

    /**
     * A forward pass without gradients keeps about a third of what a training step keeps per row, so evaluating
     * three training batches' rows at once stays within the memory a training batch was allowed.
     */
    static int batch(int trainingBatchSize) {
        return (int) Math.min(MAX_BATCH, 3L * trainingBatchSize);
    }

    Result loss(int[] indices) {
        double[] total = new double[1];
        Map<String, Double> terms = new LinkedHashMap<>();
        forEachBatch(indices, (n, input, outputs) -> {
            LossTerms batchTerms = objective.compute(input, outputs);
            total[0] += batchTerms.total().getFloat() * n;
            batchTerms.values().forEach((name, value) -> terms.merge(name, value * n, Double::sum));
        });
        terms.replaceAll((name, sum) -> sum / indices.length);
        return new Result(total[0] / indices.length, terms);
    }

    /** The forward outputs of the rows that the model's scores need, fitted into its scores. */
    VersionScores scores(int[] indices) {
        Set<ForwardOutput> needs = VersionScores.fitNeeds(spec);
        List<ForwardResult> parts = new ArrayList<>();
        forEachBatch(indices, (n, input, outputs) -> parts.add(ForwardPass.read(spec, input, outputs, n, needs, null)));
        return VersionScores.fit(spec, ForwardResult.concat(parts));
    }

    /** What to do with one evaluated batch: its number of rows, the input and the outputs. */
    private interface BatchVisitor {
        void visit(int count, NDArray input, NDList outputs);
    }

    private void forEachBatch(int[] indices, BatchVisitor visitor) {
        int width = rows.width();
        float[] buffer = new float[Math.min(batch, indices.length) * width];
        for (int from = 0; from < indices.length; from += batch) {
            int n = Math.min(batch, indices.length - from);
            rows.gather(indices, from, n, buffer);
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDArray input = FloatUpload.of(manager, buffer, 0, n * width, new Shape(n).addAll(rowShape));
                visitor.visit(n, input, trainer.evaluate(new NDList(input)));
            }
        }
    }
}

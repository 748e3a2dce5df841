package io.aeserve.benchmark;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.FashionMnist;
import io.aeserve.model.CodeNeighbors;
import io.aeserve.model.LatentGaussian;
import io.aeserve.model.LoadedModel;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.support.Engines;
import io.aeserve.support.Requirements;
import io.aeserve.support.Specs;
import io.aeserve.training.OptimizerKind;
import io.aeserve.training.TrainingLoop;
import io.aeserve.training.TrainingSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * In-process forward throughput of the dense 784-392-196 model (reconstruction and per-row error, normalisation
 * both ways) at batch 1, 64 and 256, beside the same network in PyTorch in one run: the engine's limit that HTTP
 * serving is measured against. Run with
 * {@code ./mvnw test -Pbenchmark -Dtest=ForwardThroughputBenchmark}. Also the cost of the {@code knn} score on
 * top of the forward pass, for 6,000 training codes of 64 values (a Fashion-MNIST class).
 */
@Tag("benchmark")
class ForwardThroughputBenchmark {

    @Test
    void printForwardThroughput() {
        Requirements.fashionMnist();
        DataMatrix test = new FashionMnist(Requirements.FASHION_MNIST).split("test").reshape(List.of(784));
        ModelSpec spec = SpecValidator.complete(Specs.dense(784).hidden(392).latent(196).build());
        TrainedModel trained = new TrainingLoop(Engines.cpu()).train(spec,
                test.select(IntStream.range(0, 2000).toArray()),
                new TrainingSettings(1, 256, OptimizerKind.ADAM, 0.001, 0.9, 0, 0, 0, 0, 1L), null, (r, e) -> { },
                () -> false);
        try (LoadedModel model = new LoadedModel(spec, trained.parameters(), trained.normalization(),
                Engines.cpu().device(), "PyTorch")) {
            Map<String, Double> pytorch = PyTorchReference.run("forward",
                    Engines.cpu().intraOpThreads()).orElse(Map.of());
            for (int batch : new int[] {1, 64, 256}) {
                float[] rows = Arrays.copyOf(test.values(), batch * 784);
                for (int i = 0; i < 200; i++) {
                    model.forward(rows, batch, java.util.Set.of(io.aeserve.model.ForwardOutput.ERRORS));
                }
                int calls = Math.max(200, 20_000 / batch);
                long begin = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    model.forward(rows, batch, java.util.Set.of(io.aeserve.model.ForwardOutput.ERRORS));
                }
                double seconds = (System.nanoTime() - begin) / 1e9;
                double rate = calls * batch / seconds;
                System.out.printf("batch %3d: %,9.0f rows/s, %.3f ms per call", batch, rate, seconds * 1000 / calls);
                Double reference = pytorch.get("forward-rows-per-second-" + batch);
                System.out.println(reference == null ? "" : String.format("; PyTorch in Python %,.0f rows/s (%.2fx)",
                        reference, rate / reference));
            }
        }
    }

    @Test
    void printNeighbourScoreCost() {
        int rows = 6000;
        int dimension = 64;
        java.util.Random random = new java.util.Random(1);
        float[] codes = new float[rows * dimension];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) random.nextGaussian();
        }
        long begin = System.nanoTime();
        LatentGaussian gaussian = LatentGaussian.fit(codes, rows, dimension);
        CodeNeighbors neighbors = new CodeNeighbors(CodeNeighbors.sample(codes, rows, dimension), gaussian);
        neighbors.leaveOneOut();
        System.out.printf("knn statistics of %,d training codes of %d values: %.2f s when a version is written%n",
                rows, dimension, (System.nanoTime() - begin) / 1e9);
        for (int batch : new int[] {1, 256}) {
            float[] queries = Arrays.copyOf(codes, batch * dimension);
            for (int i = 0; i < 50; i++) {
                neighbors.distances(queries, batch);
            }
            int calls = Math.max(50, 5_000 / batch);
            begin = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                neighbors.distances(queries, batch);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            System.out.printf("knn score, batch %3d: %.3f ms per row%n", batch, seconds * 1000 / calls / batch);
        }
    }
}

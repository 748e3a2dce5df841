package io.aeserve.benchmark;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.aeserve.data.DataMatrix;
import io.aeserve.data.FashionMnist;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.support.Engines;
import io.aeserve.support.Requirements;
import io.aeserve.support.Specs;
import io.aeserve.training.OptimizerKind;
import io.aeserve.training.TrainingLoop;
import io.aeserve.training.TrainingSettings;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Training throughput on Fashion-MNIST, dense 784-392-196-392-784, batch 256, Adam: a bare DJL loop over the same
 * arrays, then the service's training loop (what every job runs) and the same network in PyTorch (Debian's
 * python3-torch, with as many threads) in turns; then the resident memory over many jobs in a row. Run with
 * {@code ./mvnw test -Pbenchmark -Dtest=TrainingThroughputBenchmark}.
 */
@Tag("benchmark")
class TrainingThroughputBenchmark {

    static final int EPOCHS = 3;
    static final int BATCH = 256;
    static final int ROUNDS = 2;

    @Test
    void printThroughput() throws IOException {
        Requirements.fashionMnist();
        FashionMnist fashionMnist = new FashionMnist(Requirements.FASHION_MNIST);
        long begin = System.nanoTime();
        DataMatrix train = fashionMnist.split("train");
        double firstRead = (System.nanoTime() - begin) / 1e9;
        begin = System.nanoTime();
        fashionMnist.split("train");
        double cachedRead = (System.nanoTime() - begin) / 1e9;
        DataMatrix flat = train.reshape(List.of(784));
        EngineRuntime runtime = Engines.cpu();
        System.out.printf("engine %s %s, device %s, %d intra-op threads%n", runtime.engine().getEngineName(),
                runtime.engine().getVersion(), runtime.device(), runtime.intraOpThreads());
        System.out.printf("Fashion-MNIST train split: first read %.2f s, cached read %.6f s%n", firstRead, cachedRead);

        System.out.printf("bare DJL loop: %,.0f samples/s%n", bareLoop(runtime, flat.values(), flat.rows()));
        ModelSpec spec = SpecValidator.complete(Specs.dense(784).hidden(392).latent(196).build());
        TrainingSettings settings = new TrainingSettings(EPOCHS, BATCH, OptimizerKind.ADAM, 0.001, 0.9, 0, 0.0, 0, 0,
                1L);
        TrainingComparison.print("dense", ROUNDS, () -> TrainingComparison.service(runtime, spec, flat, settings),
                () -> PyTorchReference.run("train", runtime.intraOpThreads(), Integer.toString(EPOCHS))
                        .map(TrainingComparison.Run::of));

        ModelSpec small = SpecValidator.complete(Specs.dense(784).hidden(392).latent(196).build());
        DataMatrix slice = flat.select(java.util.stream.IntStream.range(0, 5_000).toArray());
        TrainingSettings oneEpoch = new TrainingSettings(1, BATCH, OptimizerKind.ADAM, 0.001, 0.9, 0, 0.1, 0, 0, 1L);
        for (int job = 1; job <= 30; job++) {
            new TrainingLoop(runtime).train(small, slice, oneEpoch, null, (r, e) -> { }, () -> false);
            if (job % 5 == 0) {
                System.out.printf("after %2d jobs: RSS %,d MiB%n", job, residentMiB());
            }
        }
    }

    /** The plainest DJL training loop over the same data: no validation, noise, penalties or bookkeeping. */
    private static double bareLoop(EngineRuntime runtime, float[] values, int rows) {
        SequentialBlock block = new SequentialBlock();
        for (int width : new int[] {392, 196, 392}) {
            block.add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock());
        }
        block.add(Linear.builder().setUnits(784).build()).add(Activation.sigmoidBlock());
        block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        try (Model model = Model.newInstance("bare", runtime.device(), "PyTorch")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(BATCH, 784));
                Random random = new Random(1);
                int[] order = new int[rows];
                Arrays.setAll(order, i -> i);
                float[] buffer = new float[BATCH * 784];
                double[] rates = new double[EPOCHS];
                for (int epoch = 0; epoch < EPOCHS; epoch++) {
                    for (int i = rows - 1; i > 0; i--) {
                        int j = random.nextInt(i + 1);
                        int swap = order[i];
                        order[i] = order[j];
                        order[j] = swap;
                    }
                    long begin = System.nanoTime();
                    for (int from = 0; from < rows; from += BATCH) {
                        int n = Math.min(BATCH, rows - from);
                        for (int i = 0; i < n; i++) {
                            System.arraycopy(values, order[from + i] * 784, buffer, i * 784, 784);
                        }
                        try (NDManager batch = trainer.getManager().newSubManager()) {
                            NDArray x = batch.create(FloatBuffer.wrap(buffer, 0, n * 784), new Shape(n, 784));
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray output = trainer.forward(new NDList(x)).singletonOrThrow();
                                collector.backward(output.sub(x).square().mean());
                            }
                            trainer.step();
                        }
                    }
                    rates[epoch] = rows / ((System.nanoTime() - begin) / 1e9);
                    System.out.printf("  bare epoch %d: %,.0f samples/s%n", epoch + 1, rates[epoch]);
                }
                return Arrays.stream(rates).skip(1).average().orElseThrow();
            }
        }
    }

    private static long residentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}

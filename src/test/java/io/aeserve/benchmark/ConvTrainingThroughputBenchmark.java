package io.aeserve.benchmark;

import io.aeserve.data.DataMatrix;
import io.aeserve.data.FashionMnist;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.spec.Architecture;
import io.aeserve.model.spec.LossKind;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.Noise;
import io.aeserve.model.spec.NormalizationKind;
import io.aeserve.model.spec.OutputActivation;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.model.spec.Variant;
import io.aeserve.support.Engines;
import io.aeserve.support.Requirements;
import io.aeserve.support.Specs;
import io.aeserve.training.OptimizerKind;
import io.aeserve.training.TrainingSettings;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Training throughput of the Keras tutorial's convolutional denoiser (convolutional {@code [32, 32]}, no dense code,
 * nearest upsampling in the decoder, sigmoid output, bce, gaussian noise 0.5, Adam 0.001, batch 128) on the first
 * Fashion-MNIST training images: the service's training loop against the same network in PyTorch (Debian's
 * python3-torch, with as many threads), in turns: once allocating as the service does (the environment's
 * {@code GLIBC_TUNABLES}, which the build sets), once with glibc's allocator as it comes. Run with
 * {@code ./mvnw test -Pbenchmark -Dtest=ConvTrainingThroughputBenchmark}.
 */
@Tag("benchmark")
class ConvTrainingThroughputBenchmark {

    static final int EPOCHS = 3;
    static final int BATCH = 128;
    static final int ROWS = 2_560;
    static final int ROUNDS = 3;

    @Test
    void printThroughput() {
        Requirements.fashionMnist();
        DataMatrix images = new FashionMnist(Requirements.FASHION_MNIST).split("train")
                .select(IntStream.range(0, ROWS).toArray());
        EngineRuntime runtime = Engines.cpu();
        System.out.printf("engine %s %s, %d intra-op threads, %d images of %s, batch %d, %d epochs%n",
                runtime.engine().getEngineName(), runtime.engine().getVersion(), runtime.intraOpThreads(), ROWS,
                images.rowShape(), BATCH, EPOCHS);
        ModelSpec spec = SpecValidator.complete(Specs.of(Variant.DENOISING, 1, 28, 28)
                .architecture(Architecture.CONVOLUTIONAL).hidden(32, 32).normalization(NormalizationKind.NONE)
                .outputActivation(OutputActivation.SIGMOID).loss(LossKind.BCE)
                .noise(new Noise(Noise.Type.GAUSSIAN, 0.5)).build());
        TrainingSettings settings = new TrainingSettings(EPOCHS, BATCH, OptimizerKind.ADAM, 0.001, 0.9, 0, 0.0, 0, 0,
                1L);
        TrainingComparison.print("conv denoiser", ROUNDS,
                () -> TrainingComparison.service(runtime, spec, images, settings), List.of(
                        new TrainingComparison.Reference("PyTorch", () -> PyTorchReference.run("conv",
                                runtime.intraOpThreads(), Integer.toString(EPOCHS), Integer.toString(ROWS))
                                .map(TrainingComparison.Run::of)),
                        new TrainingComparison.Reference("PyTorch with glibc's allocator defaults",
                                () -> PyTorchReference.runWithGlibcDefaults("conv", runtime.intraOpThreads(),
                                        Integer.toString(EPOCHS), Integer.toString(ROWS))
                                        .map(TrainingComparison.Run::of))));
    }
}

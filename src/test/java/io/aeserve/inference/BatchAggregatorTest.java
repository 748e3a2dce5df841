package io.aeserve.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.aeserve.data.DataMatrix;
import io.aeserve.model.ForwardOutput;
import io.aeserve.model.ForwardResult;
import io.aeserve.model.LoadedModel;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.spec.SpecValidator;
import io.aeserve.support.Engines;
import io.aeserve.support.Specs;
import io.aeserve.support.SyntheticData;
import io.aeserve.training.OptimizerKind;
import io.aeserve.training.TrainingLoop;
import io.aeserve.training.TrainingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchAggregatorTest {

    @Test
    void everyCallerGetsItsOwnRowsAndOutputsWhateverTheOthersAskFor() throws Exception {
        List<Set<ForwardOutput>> kinds = List.of(Set.of(ForwardOutput.OUTPUTS, ForwardOutput.ERRORS),
                Set.of(ForwardOutput.ERRORS, ForwardOutput.FEATURE_ERRORS), Set.of(ForwardOutput.CODES),
                Set.of(ForwardOutput.OUTPUTS));
        DataMatrix data = SyntheticData.lowRank(400, 16, 3, 5);
        ModelSpec spec = SpecValidator.complete(Specs.dense(16).hidden(12).latent(3).build());
        TrainedModel trained = new TrainingLoop(Engines.cpu()).train(spec, data,
                new TrainingSettings(5, 32, OptimizerKind.ADAM, 0.01, 0.9, 0, 0, 0, 0, 1L), null, (r, e) -> { },
                () -> false);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (LoadedModel model = new LoadedModel(spec, trained.parameters(), trained.normalization(),
                Engines.cpu().device(), "PyTorch")) {
            InferenceProperties.Batching batching = new InferenceProperties.Batching(true, 16, 2000, 4096,
                    java.time.Duration.ofSeconds(60), 2);
            BatchAggregator batcher = new BatchAggregator("test", model, batching, batching.workersOn(Engines.cpu()),
                    new InferenceMetrics(meters).batchMeters("test"));
            ExecutorService callers = Executors.newFixedThreadPool(32);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int caller = 0; caller < 32; caller++) {
                int first = caller;
                results.add(callers.submit(() -> {
                    for (int request = 0; request < 25; request++) {
                        int row = (first * 25 + request) % data.rows();
                        int count = 1 + request % 3;
                        int end = Math.min(data.rows(), row + count);
                        float[] rows = Arrays.copyOfRange(data.values(), row * 16, end * 16);
                        Set<ForwardOutput> wanted = kinds.get((first + request) % kinds.size());
                        ForwardResult batched = batcher.submit(rows, end - row, wanted);
                        ForwardResult alone = model.forward(rows, end - row, wanted);
                        assertThat(batched.rows()).isEqualTo(end - row);
                        assertThat(batched.arrays().keySet()).isEqualTo(wanted);
                        for (ForwardOutput output : wanted) {
                            float[] expected = alone.get(output);
                            assertThat(batched.get(output)).hasSize(expected.length);
                            for (int i = 0; i < expected.length; i++) {
                                assertThat(batched.get(output)[i]).as("%s %d", output, i).isCloseTo(expected[i],
                                        org.assertj.core.data.Offset.offset(1e-5f));
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
            callers.shutdown();
            batcher.close();
            var batchSizes = meters.get("aeserve.inference.batch.size").summary();
            assertThat(batchSizes.totalAmount()).isEqualTo(32 * 25 * 2.0, org.assertj.core.data.Offset.offset(64.0));
            assertThat(batchSizes.count()).as("requests were merged").isLessThan(32 * 25);
            assertThat(batchSizes.max()).isLessThanOrEqualTo(16);
        }
    }

    @Test
    void aRequestThatFindsNoOtherQueuedRunsWithoutWaitingForMore() throws Exception {
        BatchAggregator.Forward forward = (rows, count, wanted) ->
                new ForwardResult(count, java.util.Map.of(ForwardOutput.OUTPUTS, rows.clone()));
        // a wait of ten minutes: a lone request that waited for others would not come back within the test's limit
        InferenceProperties.Batching batching = new InferenceProperties.Batching(true, 16, 600_000_000L, 64,
                java.time.Duration.ofMinutes(20), 1);
        BatchAggregator batcher = new BatchAggregator("lone", forward, batching,
                new BatchAggregator.Workers(1, () -> { }),
                new InferenceMetrics(new SimpleMeterRegistry()).batchMeters("lone"));
        try {
            for (int request = 0; request < 3; request++) {
                float[] row = {request, 1, 2};
                ForwardResult result = CompletableFuture.supplyAsync(
                        () -> batcher.submit(row, 1, Set.of(ForwardOutput.OUTPUTS))).get(60, TimeUnit.SECONDS);
                assertThat(result.get(ForwardOutput.OUTPUTS)).containsExactly(row);
            }
        } finally {
            batcher.close();
        }
    }

    @Test
    void workersRunTheirPassesSideBySide() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        BatchAggregator.Forward forward = (rows, count, wanted) -> {
            bothInside.countDown();
            try {
                if (!bothInside.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other pass never started");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new ForwardResult(count, java.util.Map.of(ForwardOutput.OUTPUTS, rows.clone()));
        };
        BatchAggregator batcher = new BatchAggregator("test", forward,
                new InferenceProperties.Batching(true, 1, 0, 64, java.time.Duration.ofSeconds(30), 2),
                new BatchAggregator.Workers(2, () -> { }),
                new InferenceMetrics(new SimpleMeterRegistry()).batchMeters("test"));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<ForwardResult> first = callers.submit(() -> batcher.submit(new float[] {1}, 1,
                    Set.of(ForwardOutput.OUTPUTS)));
            Future<ForwardResult> second = callers.submit(() -> batcher.submit(new float[] {2}, 1,
                    Set.of(ForwardOutput.OUTPUTS)));
            assertThat(first.get(20, TimeUnit.SECONDS).get(ForwardOutput.OUTPUTS)).containsExactly(1f);
            assertThat(second.get(20, TimeUnit.SECONDS).get(ForwardOutput.OUTPUTS)).containsExactly(2f);
        } finally {
            callers.shutdown();
            batcher.close();
        }
    }
}

package io.aeserve.benchmark;

import io.aeserve.data.DataMatrix;
import io.aeserve.engine.EngineRuntime;
import io.aeserve.model.EpochRecord;
import io.aeserve.model.TrainedModel;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.training.TrainingLoop;
import io.aeserve.training.TrainingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The service's training loop (what every job runs) against the same training in PyTorch, in turns (service,
 * PyTorch, service, PyTorch, ...) so that a shared machine's drift falls on all sides instead of deciding the ratio.
 * Prints each run's samples/s (epochs after the first) and final training loss, then the means and their ratios.
 */
final class TrainingComparison {

    /** One training run: samples/s over the epochs after the first, and the last epoch's training loss. */
    record Run(double samplesPerSecond, double finalLoss) {

        static Run of(List<EpochRecord> history) {
            double rate = history.stream().skip(1).mapToDouble(EpochRecord::samplesPerSecond).average().orElseThrow();
            return new Run(rate, history.get(history.size() - 1).trainLoss());
        }

        static Run of(Map<String, Double> pytorchResults) {
            return new Run(pytorchResults.get("train-samples-per-second"), pytorchResults.get("final-train-loss"));
        }
    }

    private TrainingComparison() {}

    /** The service's run of a spec over data, its epochs echoed. */
    static Run service(EngineRuntime runtime, ModelSpec spec, DataMatrix data, TrainingSettings settings) {
        TrainedModel trained = new TrainingLoop(runtime).train(spec, data, settings, null,
                (record, epochs) -> System.out.printf("  service epoch %d: %,.0f samples/s, loss %.5f%n",
                        record.epoch(), record.samplesPerSecond(), record.trainLoss()), () -> false);
        return Run.of(trained.history());
    }

    /** A run to compare the service with, named as the printout names it. */
    record Reference(String name, Supplier<Optional<Run>> run) {}

    /** Runs the service and each reference {@code rounds} times in turns and prints the comparison. */
    static void print(String workload, int rounds, Supplier<Run> service, Supplier<Optional<Run>> pytorch) {
        print(workload, rounds, service, List.of(new Reference("PyTorch", pytorch)));
    }

    /** Runs the service and each reference in turns, round after round; a reference may be missing (empty). */
    static void print(String workload, int rounds, Supplier<Run> service, List<Reference> references) {
        List<Run> services = new ArrayList<>();
        Map<String, List<Run>> theirs = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            Run ours = service.get();
            services.add(ours);
            System.out.printf("%s, round %d: service %,.0f samples/s, final loss %.5f%n", workload, round,
                    ours.samplesPerSecond(), ours.finalLoss());
            for (Reference reference : references) {
                Optional<Run> run = reference.run().get();
                if (run.isEmpty()) {
                    continue;
                }
                theirs.computeIfAbsent(reference.name(), name -> new ArrayList<>()).add(run.get());
                System.out.printf("%s, round %d: %s %,.0f samples/s, final loss %.5f; ratio %.2f%n", workload, round,
                        reference.name(), run.get().samplesPerSecond(), run.get().finalLoss(),
                        ours.samplesPerSecond() / run.get().samplesPerSecond());
            }
        }
        Run ours = mean(services);
        System.out.printf("%s: service %,.0f samples/s, final loss %.5f (mean of %d runs)%n", workload,
                ours.samplesPerSecond(), ours.finalLoss(), services.size());
        theirs.forEach((name, runs) -> {
            Run reference = mean(runs);
            System.out.printf("%s: %s %,.0f samples/s, final loss %.5f (mean of %d runs); the service reaches "
                    + "%.2fx of its samples/s%n", workload, name, reference.samplesPerSecond(),
                    reference.finalLoss(), runs.size(), ours.samplesPerSecond() / reference.samplesPerSecond());
        });
    }

    private static Run mean(List<Run> runs) {
        return new Run(runs.stream().mapToDouble(Run::samplesPerSecond).average().orElseThrow(),
                runs.stream().mapToDouble(Run::finalLoss).average().orElseThrow());
    }
}

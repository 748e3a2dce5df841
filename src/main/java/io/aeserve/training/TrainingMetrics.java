package io.aeserve.training;

import io.aeserve.model.EpochRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Training meters: jobs by state, and per model the samples per second and losses of its running job (NaN when
 * none runs) and the epoch duration. Tags are the model name and variant, never a job id.
 */
final class TrainingMetrics {

    private final MeterRegistry meters;
    private final Map<String, EpochRecord> latest = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    TrainingMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts the jobs the board knows in each state, when Prometheus asks. */
    void countJobs(ToIntFunction<JobState> jobsInState) {
        for (JobState state : JobState.values()) {
            Gauge.builder("aeserve.training.jobs", () -> jobsInState.applyAsInt(state))
                    .description("Training jobs known to the service, by state")
                    .tag("state", state.name().toLowerCase())
                    .register(meters);
        }
    }

    void epochFinished(String model, String variant, EpochRecord record) {
        latest.put(model, record);
        // once per model: the gauges read the latest epoch, NaN between jobs
        if (gauged.add(model)) {
            Gauge.builder("aeserve.training.samples.per.second", () -> value(model, EpochRecord::samplesPerSecond))
                    .description("Training rows per second of the model's running job").tag("model", model)
                    .register(meters);
            Gauge.builder("aeserve.training.loss", () -> value(model, EpochRecord::trainLoss))
                    .description("Training loss of the last epoch of the model's running job")
                    .tags("model", model, "split", "train").register(meters);
            Gauge.builder("aeserve.training.loss", () -> value(model, r -> r.validationLoss() != null
                            ? r.validationLoss() : Double.NaN))
                    .description("Validation loss of the last epoch of the model's running job")
                    .tags("model", model, "split", "validation").register(meters);
        }
        Timer.builder("aeserve.training.epoch.duration").description("Wall time of one training epoch")
                .tags("model", model, "variant", variant).register(meters)
                .record(Duration.ofNanos((long) (record.seconds() * 1e9)));
    }

    void jobEnded(String model) {
        latest.remove(model);
    }

    private double value(String model, java.util.function.ToDoubleFunction<EpochRecord> field) {
        EpochRecord record = latest.get(model);
        return record != null ? field.applyAsDouble(record) : Double.NaN;
    }
}

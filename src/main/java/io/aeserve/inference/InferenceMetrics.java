package io.aeserve.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Inference meters, tagged by model and endpoint (never by version or request): latency, rows scored, anomalies
 * flagged, and per model the batchers' queue depth, queue time and batch sizes (the autoscaling signals).
 */
final class InferenceMetrics {

    private final MeterRegistry meters;
    private final ConcurrentHashMap<String, Set<Queue<?>>> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, EndpointMeters> endpoints = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> anomalies = new ConcurrentHashMap<>();

    /** The meters of one model's endpoint, looked up once. */
    record EndpointMeters(Timer latency, Counter rows) {}

    InferenceMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    EndpointMeters endpoint(String model, String endpoint) {
        return endpoints.computeIfAbsent(model + '\n' + endpoint, key -> new EndpointMeters(
                Timer.builder("aeserve.inference.latency").description("Time to answer an inference request")
                        .tags("model", model, "endpoint", endpoint).publishPercentileHistogram().register(meters),
                Counter.builder("aeserve.inference.rows").description("Rows run through a model")
                        .tags("model", model, "endpoint", endpoint).register(meters)));
    }

    void anomalies(String model, int flagged) {
        anomalies.computeIfAbsent(model, name -> Counter.builder("aeserve.inference.anomalies")
                .description("Rows flagged as anomalies").tag("model", name).register(meters)).increment(flagged);
    }

    BatchMeters batchMeters(String model) {
        Set<Queue<?>> modelQueues = queues.computeIfAbsent(model, name -> {
            Set<Queue<?>> set = ConcurrentHashMap.newKeySet();
            Gauge.builder("aeserve.inference.queue.depth", set, s -> s.stream().mapToInt(Queue::size).sum())
                    .description("Requests waiting in the model's batchers").tag("model", name).register(meters);
            return set;
        });
        return new BatchMeters(modelQueues,
                Timer.builder("aeserve.inference.queue.time").description("Time a request waits for its batch")
                        .tag("model", model).publishPercentileHistogram().register(meters),
                DistributionSummary.builder("aeserve.inference.batch.size").description("Rows per forward pass")
                        .tag("model", model).publishPercentileHistogram().register(meters));
    }

    /** The meters of one batcher. */
    static final class BatchMeters {
        private final Set<Queue<?>> modelQueues;
        private final Timer queueTime;
        private final DistributionSummary batchSize;
        private Queue<?> queue;

        BatchMeters(Set<Queue<?>> modelQueues, Timer queueTime, DistributionSummary batchSize) {
            this.modelQueues = modelQueues;
            this.queueTime = queueTime;
            this.batchSize = batchSize;
        }

        void watchQueue(Queue<?> watched) {
            this.queue = watched;
            modelQueues.add(watched);
        }

        void queued(long nanos) {
            queueTime.record(nanos, TimeUnit.NANOSECONDS);
        }

        void batch(int rows) {
            batchSize.record(rows);
        }

        void close() {
            if (queue != null) {
                modelQueues.remove(queue);
            }
        }
    }
}

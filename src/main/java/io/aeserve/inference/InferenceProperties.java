package io.aeserve.inference;

import io.aeserve.engine.EngineRuntime;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Serving.
 *
 * @param batching dynamic batching of concurrent requests for the same model version
 * @param cache loaded model versions kept in memory
 */
@ConfigurationProperties("aeserve.inference")
public record InferenceProperties(@DefaultValue Batching batching, @DefaultValue Cache cache) {

    /**
     * @param enabled merge concurrent reconstruct, denoise and anomaly-score requests into one forward pass
     * @param maxBatchRows most rows in one merged forward pass
     * @param maxWaitMicros longest a pass that is not full waits for more requests to join it, when others were queued
     *     behind its first request; a request that finds no other queued runs at once
     * @param queueCapacity requests that may wait per model version; beyond that, 429 with Retry-After
     * @param answerTimeout longest a request waits for its batch to be run; beyond it, 429 with Retry-After
     * @param workers forward passes of one version that run at once, sharing the engine's intra-op threads among
     *     them; 0 gives one pass per intra-op thread, each on one thread, and 1 runs one pass at a time on all of them
     */
    public record Batching(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("64") int maxBatchRows,
            @DefaultValue("500") long maxWaitMicros,
            @DefaultValue("2048") int queueCapacity,
            @DefaultValue("60s") Duration answerTimeout,
            @DefaultValue("0") int workers) {

        /** The workers of each batcher on an engine with this many intra-op threads, and each one's threads. */
        BatchAggregator.Workers workersOn(EngineRuntime engine) {
            int count = workers > 0 ? workers : Math.max(1, engine.intraOpThreads());
            int threadsEach = Math.max(1, engine.intraOpThreads() / count);
            return new BatchAggregator.Workers(count, () -> engine.useThreadsOnThisThread(threadsEach));
        }
    }

    /**
     * @param maxVersions most model versions loaded at once (least recently used are unloaded first)
     * @param memoryBudget approximate memory all loaded versions may take
     */
    public record Cache(@DefaultValue("16") int maxVersions, @DefaultValue("2GB") DataSize memoryBudget) {}
}

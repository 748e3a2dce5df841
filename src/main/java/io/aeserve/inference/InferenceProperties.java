package io.aeserve.inference;

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
     * @param maxWaitMicros longest a request waits for others to join its batch
     * @param queueCapacity requests that may wait per model version; beyond that, 429 with Retry-After
     * @param answerTimeout longest a request waits for its batch to be run; beyond it, 429 with Retry-After
     */
    public record Batching(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("64") int maxBatchRows,
            @DefaultValue("500") long maxWaitMicros,
            @DefaultValue("2048") int queueCapacity,
            @DefaultValue("60s") Duration answerTimeout) {}

    /**
     * @param maxVersions most model versions loaded at once (least recently used are unloaded first)
     * @param memoryBudget approximate memory all loaded versions may take
     */
    public record Cache(@DefaultValue("16") int maxVersions, @DefaultValue("2GB") DataSize memoryBudget) {}
}

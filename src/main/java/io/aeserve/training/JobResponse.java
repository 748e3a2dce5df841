package io.aeserve.training;

import io.aeserve.model.EpochRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A training job as the API shows it.
 *
 * @param epoch epochs finished so far
 * @param samplesPerSecond training rows per second of the last epoch
 * @param etaSeconds estimated seconds until the last epoch ends
 * @param version the version written when the job succeeded
 * @param error why the job failed
 * @param dataset what it trains on
 */
public record JobResponse(
        String id,
        String model,
        JobState state,
        int epoch,
        int epochs,
        List<EpochRecord> history,
        Double samplesPerSecond,
        Double etaSeconds,
        Integer version,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Map<String, Object> dataset,
        Integer fromVersion) {}

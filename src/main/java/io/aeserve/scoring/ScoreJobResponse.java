package io.aeserve.scoring;

import io.aeserve.inference.AnomalyThreshold;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * A score job as the API shows it.
 *
 * @param columns the columns of the results, in order: {@code score}, {@code anomaly} (1 or 0), {@code percentile}
 *     (the row's rank among the training rows' scores, 0 to 100), then {@code code_<i>} and {@code error_<j>} when
 *     asked for
 * @param threshold the threshold the flags use
 * @param flagged rows flagged so far
 */
@Schema(description = "A job scoring every row of a dataset")
record ScoreJobResponse(
        @Schema(example = "sj-5d1e0f3a9b2c") String id,
        @Schema(example = "payments") String model,
        @Schema(example = "3") int version,
        @Schema(example = "ds-3f9a1c2b7d4e") String dataset,
        String split,
        @Schema(example = "reconstruction") String score,
        AnomalyThreshold threshold,
        List<String> columns,
        ScoreJobState state,
        @Schema(example = "1000000") int rows,
        @Schema(example = "250880") int rowsDone,
        @Schema(example = "1412") long flagged,
        @Schema(example = "95000") double rowsPerSecond,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {}

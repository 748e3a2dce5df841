package io.aeserve.data;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored or built-in dataset.
 *
 * @param shape shape of one row: {@code [features]} or {@code [channels, height, width]}
 * @param splits rows per split of a built-in dataset ({@code train}, {@code test}); absent for uploads
 */
@Schema(description = "A stored or built-in dataset")
public record DatasetInfo(
        @Schema(example = "ds-3f9a1c2b7d4e") String id,
        @Schema(example = "sensor-readings") String name,
        @Schema(example = "60000") int rows,
        @Schema(example = "[1, 28, 28]") List<Integer> shape,
        boolean hasLabels,
        Instant createdAt,
        boolean builtIn,
        Map<String, Integer> splits) {}

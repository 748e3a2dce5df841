package io.aeserve.registry;

import java.time.Instant;
import java.util.Map;

/**
 * What one immutable version holds, written last into its folder.
 *
 * @param jobId the training job that produced it
 * @param dataset the data it was trained on (dataset id, split and classes, or "inline")
 * @param metrics final metrics: losses, best epoch, rows, samples per second, training seconds
 * @param checksums SHA-256 of every other file of the version, checked when the version loads
 */
public record VersionManifest(
        String model,
        int version,
        Instant createdAt,
        String jobId,
        Integer fromVersion,
        Map<String, Object> dataset,
        Map<String, Object> metrics,
        Map<String, String> checksums) {}

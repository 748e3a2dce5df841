package io.aeserve.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One immutable version: when and how it was trained, whether it is served, its final metrics, and the default
 * thresholds stored with it by score (absent when there are none).
 */
record VersionResponse(
        int version,
        Instant createdAt,
        String jobId,
        Integer fromVersion,
        boolean serving,
        Map<String, Object> dataset,
        Map<String, Object> metrics,
        Map<String, VersionThreshold> thresholds) {

    static List<VersionResponse> of(List<VersionManifest> manifests, Integer serving,
            Map<Integer, Map<String, VersionThreshold>> thresholds) {
        return manifests.stream().map(m -> new VersionResponse(m.version(), m.createdAt(), m.jobId(),
                m.fromVersion(), serving != null && serving == m.version(), m.dataset(), m.metrics(),
                nullIfEmpty(thresholds.get(m.version())))).toList();
    }

    private static Map<String, VersionThreshold> nullIfEmpty(Map<String, VersionThreshold> thresholds) {
        return thresholds == null || thresholds.isEmpty() ? null : thresholds;
    }
}

package io.aeserve.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One immutable version: when and how it was trained, whether it is served, its final metrics. */
record VersionResponse(
        int version,
        Instant createdAt,
        String jobId,
        Integer fromVersion,
        boolean serving,
        Map<String, Object> dataset,
        Map<String, Object> metrics) {

    static List<VersionResponse> of(List<VersionManifest> manifests, Integer serving) {
        return manifests.stream().map(m -> new VersionResponse(m.version(), m.createdAt(), m.jobId(),
                m.fromVersion(), serving != null && serving == m.version(), m.dataset(), m.metrics())).toList();
    }
}

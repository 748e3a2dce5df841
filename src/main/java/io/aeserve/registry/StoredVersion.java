package io.aeserve.registry;

import io.aeserve.model.Normalization;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.EpochRecord;
import io.aeserve.score.VersionScores;
import java.util.List;

/** A version read back from disk, checksums verified: everything needed to rebuild and run it. */
public record StoredVersion(
        VersionManifest manifest,
        ModelSpec spec,
        byte[] parameters,
        Normalization normalization,
        List<EpochRecord> history,
        VersionScores scores) {}

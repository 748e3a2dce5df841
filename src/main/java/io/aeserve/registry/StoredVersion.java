package io.aeserve.registry;

import io.aeserve.model.Normalization;
import io.aeserve.model.spec.ModelSpec;
import io.aeserve.model.EpochRecord;
import io.aeserve.score.VersionScores;
import io.aeserve.table.TableEncoding;
import java.util.List;

/**
 * A version read back from disk, checksums verified: everything needed to rebuild and run it.
 *
 * @param columns how a table's columns become the inputs; null for a version trained on numbers
 */
public record StoredVersion(
        VersionManifest manifest,
        ModelSpec spec,
        byte[] parameters,
        Normalization normalization,
        List<EpochRecord> history,
        VersionScores scores,
        TableEncoding columns) {

    /** A version of numeric inputs. */
    public StoredVersion(VersionManifest manifest, ModelSpec spec, byte[] parameters, Normalization normalization,
            List<EpochRecord> history, VersionScores scores) {
        this(manifest, spec, parameters, normalization, history, scores, null);
    }
}

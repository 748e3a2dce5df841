package io.aeserve.registry;

import io.aeserve.error.ConflictException;
import io.aeserve.model.spec.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;

/**
 * Turns an export zip into a model's next version. The model is created from the archive's spec when it does not
 * exist; when it does, or when a concurrent import creates it first, the specs must be equal (409 otherwise).
 */
class VersionImport {

    private final ModelRegistry registry;
    private final ModelArchive archive;

    VersionImport(ModelRegistry registry, ModelArchive archive) {
        this.registry = registry;
        this.archive = archive;
    }

    /** Reads the archive, asks the storage quota for room (507 without it) and adds the version. */
    VersionManifest importVersion(String name, InputStream zip) throws IOException {
        ModelRegistry.checkName(name);
        ModelArchive.Contents contents = archive.read(zip);
        registry.ensureRoomFor(contents.trained());
        ensureModel(name, contents.trained().spec());
        return registry.addVersion(name, contents.trained(), null, null, contents.source(), contents.metrics());
    }

    private void ensureModel(String name, ModelSpec spec) {
        ModelRecord existing = registry.find(name).orElse(null);
        if (existing == null) {
            try {
                registry.create(new ModelRecord(name, "Imported", Map.of(), spec, Instant.now()));
                return;
            } catch (ConflictException e) {
                existing = registry.find(name).orElseThrow(() -> e);
            }
        }
        if (!existing.spec().equals(spec)) {
            throw new ConflictException("the archive's spec differs from the spec of model '" + name + "'");
        }
    }
}

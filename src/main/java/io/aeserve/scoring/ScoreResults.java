package io.aeserve.scoring;

import io.aeserve.error.NotFoundException;
import io.aeserve.storage.BlobStore;
import io.aeserve.storage.StagedFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results of score jobs in the blob store: {@code score-jobs/<id>/} with {@code results.npy} (float32, one row
 * per dataset row, one column per result) and {@code job.json} (the finished job), published together when the job
 * succeeds. A job that fails, is cancelled or is cut short by a restart leaves nothing behind.
 */
final class ScoreResults {

    private static final String ROOT = "score-jobs";
    static final String RESULTS = "results.npy";
    private static final String JOB = "job.json";

    private final BlobStore blobs;
    private final JsonMapper mapper;

    ScoreResults(BlobStore blobs, JsonMapper mapper) {
        this.blobs = blobs;
        this.mapper = mapper;
        blobs.removeLeftovers(ROOT);
    }

    /** Writes the results as they are computed, then the job, and publishes both at once. */
    void write(String id, StagedFolder.Content results, java.util.function.Supplier<ScoreJobResponse> job)
            throws IOException {
        try (BlobStore.Batch batch = blobs.create(folder(id))) {
            batch.write(RESULTS, results);
            batch.write(JOB, mapper.writeValueAsBytes(job.get()));
            batch.publish();
        }
    }

    /** The finished job stored with its results, or empty when there are none. */
    Optional<ScoreJobResponse> find(String id) {
        try {
            return Optional.of(mapper.readValue(blobs.read(folder(id) + "/" + JOB), ScoreJobResponse.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read score job " + id, e);
        }
    }

    InputStream open(String id) {
        try {
            return blobs.open(folder(id) + "/" + RESULTS);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("results of score job", id);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the results of score job " + id, e);
        }
    }

    long size(String id) {
        try {
            return blobs.size(folder(id) + "/" + RESULTS);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("results of score job", id);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the results of score job " + id, e);
        }
    }

    void delete(String id) {
        try {
            blobs.deleteFolder(folder(id));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("results of score job", id);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the results of score job " + id, e);
        }
    }

    private static String folder(String id) {
        return ROOT + "/" + id;
    }
}

package io.aeserve.training;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.aeserve.model.EpochRecord;

/**
 * The data of one {@code progress} event: the job's fields without its history, and the record of one newly
 * finished epoch.
 *
 * @param job the job as {@code GET /api/v1/jobs/{id}} shows it, without {@code history}
 * @param epochRecord the epoch this event reports (its {@code epoch} field says which); the latest one in the first
 *     event of a stream; absent when the event reports a change of state only
 */
record JobProgress(@JsonUnwrapped JobResponse job, EpochRecord epochRecord) {}

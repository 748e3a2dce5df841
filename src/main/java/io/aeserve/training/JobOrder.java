package io.aeserve.training;

import io.aeserve.data.DataSelection;
import java.time.Instant;

/**
 * What a replica needs to run a queued job: the model (as it was when the job was accepted), the rows, the settings
 * and the starting version.
 *
 * @param modelCreatedAt when the model was created: a model deleted and created again under the same name is another
 * @param dataset the rows of a dataset; null when the rows came with the request and are kept as the job's own
 */
record JobOrder(String model, Instant modelCreatedAt, DataSelection dataset, TrainingSettings settings,
        Integer fromVersion) {}

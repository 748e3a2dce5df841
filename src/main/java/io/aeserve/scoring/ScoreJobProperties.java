package io.aeserve.scoring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Jobs that score whole datasets.
 *
 * @param concurrency jobs that run at the same time
 * @param queueCapacity jobs that may wait; a job submitted beyond that is answered with 429
 * @param retainedJobs finished jobs this replica remembers in memory (oldest dropped first); the results of
 *     succeeded jobs stay in the store until deleted, and are found there after a restart
 * @param batchRows rows sent through the model at a time; memory a job takes grows with it, never with the
 *     dataset
 */
@ConfigurationProperties("aeserve.score-jobs")
public record ScoreJobProperties(
        @DefaultValue("1") int concurrency,
        @DefaultValue("16") int queueCapacity,
        @DefaultValue("1000") int retainedJobs,
        @DefaultValue("1024") int batchRows) {}

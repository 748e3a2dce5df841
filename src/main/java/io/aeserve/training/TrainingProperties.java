package io.aeserve.training;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Training jobs.
 *
 * @param concurrency jobs that train at the same time
 * @param queueCapacity jobs that may wait; a job submitted beyond that is answered with 429
 * @param retainedJobs finished jobs kept for GET /api/v1/jobs (oldest dropped first)
 */
@ConfigurationProperties("aeserve.training")
public record TrainingProperties(
        @DefaultValue("1") int concurrency,
        @DefaultValue("16") int queueCapacity,
        @DefaultValue("1000") int retainedJobs) {}

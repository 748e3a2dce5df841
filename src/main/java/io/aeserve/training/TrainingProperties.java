package io.aeserve.training;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Training jobs.
 *
 * @param concurrency jobs that train at the same time
 * @param queueCapacity jobs that may wait; a job submitted beyond that is answered with 429
 * @param retainedJobs finished jobs kept for GET /api/v1/jobs (oldest dropped first)
 * @param heartbeatInterval how often a trainer tells the database its jobs are alive (and learns of cancels)
 * @param missedHeartbeats heartbeats a running job may miss before any replica fails it: its trainer is gone
 */
@ConfigurationProperties("aeserve.training")
public record TrainingProperties(
        @DefaultValue("1") int concurrency,
        @DefaultValue("16") int queueCapacity,
        @DefaultValue("1000") int retainedJobs,
        @DefaultValue("2s") Duration heartbeatInterval,
        @DefaultValue("10") int missedHeartbeats) {

    /** How long a running job may go without a heartbeat before it is failed. */
    Duration heartbeatTimeout() {
        return heartbeatInterval.multipliedBy(Math.max(1, missedHeartbeats));
    }
}

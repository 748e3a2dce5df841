package io.aeserve.training;

import java.util.List;

/**
 * Where jobs wait, run and can be looked up: this replica's memory (one replica), or PostgreSQL, where any replica
 * accepts a job, a trainer claims it, and every replica sees it.
 */
interface JobBoard extends AutoCloseable {

    /** Queues a job that passed its checks; {@link io.aeserve.error.CapacityExceededException} when the queue is full. */
    JobResponse submit(String id, JobRunner.Run run);

    /** {@link io.aeserve.error.NotFoundException} when there is no such job. */
    JobResponse get(String id);

    /** Newest first; all models' when {@code model} is null. */
    List<JobResponse> list(String model);

    /** Cancels now when queued, within a batch when running; the job as it is then. */
    JobResponse cancel(String id);

    boolean hasActiveJob(String model);

    /** The job to follow with listeners: the running job itself, or a copy kept up to date. */
    TrainingJob follow(String id);

    int countInState(JobState state);

    /** Cancels this replica's jobs and waits briefly for running ones to stop at their next batch. */
    @Override
    void close() throws InterruptedException;
}

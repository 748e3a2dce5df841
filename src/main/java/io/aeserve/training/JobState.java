package io.aeserve.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a training job is in its life. */
public enum JobState {
    @JsonProperty("queued") QUEUED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("cancelled") CANCELLED;

    boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}

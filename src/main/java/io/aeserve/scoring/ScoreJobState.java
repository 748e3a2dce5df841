package io.aeserve.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a score job is. */
enum ScoreJobState {
    @JsonProperty("queued") QUEUED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("cancelled") CANCELLED;

    boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}

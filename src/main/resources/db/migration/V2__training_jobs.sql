-- Training jobs as every replica sees them: the job as the API shows it (history included), what a trainer needs to
-- run it, a cancel request from any replica, and the heartbeat of the trainer running it.
CREATE TABLE training_jobs (
    id               text        PRIMARY KEY,
    model            text        NOT NULL,
    state            text        NOT NULL,
    job              jsonb       NOT NULL,
    job_order        jsonb       NOT NULL,
    cancel_requested boolean     NOT NULL DEFAULT false,
    heartbeat_at     timestamptz,
    created_at       timestamptz NOT NULL,
    finished_at      timestamptz
);
CREATE INDEX training_jobs_model_created ON training_jobs (model, created_at DESC);
CREATE INDEX training_jobs_state ON training_jobs (state);

-- The queue trainers claim jobs from: db-scheduler's table, as its documentation gives it for PostgreSQL.
CREATE TABLE scheduled_tasks (
    task_name            text        NOT NULL,
    task_instance        text        NOT NULL,
    task_data            bytea,
    execution_time       timestamptz,
    picked               boolean     NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures int,
    last_heartbeat       timestamptz,
    version              bigint      NOT NULL,
    priority             smallint,
    state                text,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

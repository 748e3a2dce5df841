-- The model registry's metadata, shared by every replica: each model, its versions and the version it serves. The
-- versions' files are in the blob store.
--
-- Instants are text, ISO-8601 as Java writes them: timestamptz keeps microseconds, and a record read back must
-- equal the one written, nanoseconds included (created_at::timestamptz to query by time).
-- JSON columns are json, not jsonb: json keeps the text as written, so numbers and key order read back as the
-- service wrote them (jsonb turns 2.5E7 into 25000000, which reads back as an integer, and reorders keys).

CREATE TABLE models (
    name            text PRIMARY KEY,
    description     text,
    tags            json,
    spec            json NOT NULL,
    created_at      text NOT NULL,
    -- the highest version number given out, whether or not that version was ever added: never given out again
    highest_version integer NOT NULL DEFAULT 0,
    -- the pinned version, or null to serve the newest
    serving_version integer
);

CREATE TABLE versions (
    model        text NOT NULL REFERENCES models (name) ON DELETE CASCADE,
    version      integer NOT NULL,
    created_at   text NOT NULL,
    job_id       text,
    from_version integer,
    dataset      json,
    metrics      json,
    -- SHA-256 of each of the version's files, by file name
    checksums    json NOT NULL,
    PRIMARY KEY (model, version)
);

-- A pin names a version that exists, whatever replicas do at the same time; deleting the pinned version clears
-- the pin first, in the same transaction.
ALTER TABLE models ADD CONSTRAINT models_serving_version_exists
    FOREIGN KEY (name, serving_version) REFERENCES versions (model, version);

-- One row. Every change to the tables above adds one to revision in its own transaction, so a replica that sees
-- a new revision can read the change that made it.
CREATE TABLE registry_state (
    single   boolean PRIMARY KEY DEFAULT true CHECK (single),
    revision bigint NOT NULL
);
INSERT INTO registry_state (revision) VALUES (0);

-- The default threshold of each anomaly score of a version, stored from an evaluation or a target false positive
-- rate. Versions are immutable; their thresholds are not, so they live beside them and go with them.
CREATE TABLE version_thresholds (
    model   text             NOT NULL,
    version integer          NOT NULL,
    score   text             NOT NULL,
    rule    text             NOT NULL,
    value   double precision NOT NULL,
    -- ISO-8601 as Java writes it, as the other instants of the registry
    set_at  text             NOT NULL,
    PRIMARY KEY (model, version, score),
    FOREIGN KEY (model, version) REFERENCES versions (model, version) ON DELETE CASCADE
);

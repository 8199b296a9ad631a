-- Several nodes on one database.
-- Every node writes its heartbeat here; a node whose heartbeat is stale is taken for dead, and the jobs it was
-- running are restarted elsewhere from their last checkpoint.
CREATE TABLE node_heartbeat (
    node        VARCHAR(128)             NOT NULL PRIMARY KEY,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The history of scheduled sweeps: which node ran each one, when, and what it did (one row per run, kept 30 days).
CREATE TABLE sweep_run (
    id          VARCHAR(36)              NOT NULL PRIMARY KEY,
    name        VARCHAR(64)              NOT NULL,
    node        VARCHAR(128)             NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE,
    outcome     VARCHAR(1000)
);
CREATE INDEX sweep_run_started ON sweep_run (name, started_at);

INSERT INTO sweep_lease (name) VALUES ('orphaned-jobs');

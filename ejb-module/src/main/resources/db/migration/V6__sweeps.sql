-- Scheduled sweeps run on one node at a time: every node's timer fires, and the node that moves a sweep's row
-- (a compare-and-set on last_started_at and lease_until) runs it; the others skip that period.
CREATE TABLE sweep_lease (
    name             VARCHAR(64)              NOT NULL PRIMARY KEY,
    owner            VARCHAR(128),
    lease_until      TIMESTAMP WITH TIME ZONE,
    last_started_at  TIMESTAMP WITH TIME ZONE,
    last_ended_at    TIMESTAMP WITH TIME ZONE,
    last_outcome     VARCHAR(1000)
);
INSERT INTO sweep_lease (name) VALUES ('idle-connection-probe');
CREATE INDEX connection_idle ON connection (status, last_refreshed_at);

-- Expiry forecast: each grant's known hard expiry (see io.tokenvault.oauth.control.GrantExpiry), where it came from,
-- and when the tenant was warned about it (cleared whenever the expiry moves, so a new expiry is warned once again).
ALTER TABLE connection ADD COLUMN grant_expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE connection ADD COLUMN grant_expiry_basis VARCHAR(32);
ALTER TABLE connection ADD COLUMN expiry_warned_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX connection_grant_expiry ON connection (status, grant_expires_at);

-- Aggregated tenant notices: one per event that concerns many connections (an expiry forecast, a client-ID change,
-- a mass revocation, a rollover outcome), never one per connection. Each connection keeps its own status.
CREATE TABLE notice (
    id               VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(64)              NOT NULL,
    kind             VARCHAR(32)              NOT NULL,
    app_id           VARCHAR(36),
    summary          VARCHAR(1000)            NOT NULL,
    detail           VARCHAR(4000),
    affected         INTEGER                  NOT NULL,
    affected_query   VARCHAR(1000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    acknowledged_at  TIMESTAMP WITH TIME ZONE,
    acknowledged_by  VARCHAR(128)
);
CREATE INDEX notice_tenant_created ON notice (tenant_id, created_at);

INSERT INTO sweep_lease (name) VALUES ('expiry-forecast');

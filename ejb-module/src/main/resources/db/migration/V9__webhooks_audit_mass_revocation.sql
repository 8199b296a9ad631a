-- Per-tenant webhook subscriptions; the signing secret is sealed like every other secret (purpose webhook_secret).
CREATE TABLE webhook_subscription (
    id              VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(64)              NOT NULL,
    url             VARCHAR(2000)            NOT NULL,
    events          VARCHAR(1000)            NOT NULL,
    secret_ct       VARCHAR(1000)            NOT NULL,
    secret_key_id   BIGINT                   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT                   NOT NULL
);
CREATE INDEX webhook_subscription_tenant ON webhook_subscription (tenant_id, id);
CREATE INDEX webhook_subscription_key ON webhook_subscription (secret_key_id);

-- The delivery log and outbox: a delivery is stored before it is sent, so it survives a restart; any node may send
-- it (a lease per row, like the refresh lease); status PENDING -> DELIVERED, or DEAD after the last try.
CREATE TABLE webhook_delivery (
    id               VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(64)              NOT NULL,
    subscription_id  VARCHAR(36)              NOT NULL,
    event_type       VARCHAR(64)              NOT NULL,
    payload          VARCHAR(20000)           NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    attempts         INTEGER                  NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_status      INTEGER,
    last_error       VARCHAR(500),
    lease_owner      VARCHAR(128),
    lease_until      TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX webhook_delivery_subscription ON webhook_delivery (tenant_id, subscription_id, created_at);

-- Audit trail: every administrative action and every connection status change; never a secret.
CREATE TABLE audit_event (
    id         VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id  VARCHAR(64),
    actor      VARCHAR(128)             NOT NULL,
    action     VARCHAR(128)             NOT NULL,
    target     VARCHAR(500),
    outcome    VARCHAR(32)              NOT NULL,
    detail     VARCHAR(1000),
    at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX audit_event_tenant_at ON audit_event (tenant_id, at);

-- Mass revocation: when the app was last flagged, and the notice that counts the affected connections.
ALTER TABLE oauth_app ADD COLUMN mass_revocation_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE oauth_app ADD COLUMN mass_revocation_notice_id VARCHAR(36);

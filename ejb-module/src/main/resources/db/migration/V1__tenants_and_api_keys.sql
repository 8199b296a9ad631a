-- Tenants and API keys. Portable SQL: the same migration runs on H2 and PostgreSQL.
CREATE TABLE tenant (
    id          VARCHAR(64)              NOT NULL PRIMARY KEY,
    name        VARCHAR(200)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    version     BIGINT                   NOT NULL
);

-- API keys are stored as SHA-256 hashes of 256-bit random values; the key itself is shown once and never stored.
-- tenant_id is '_platform' for platform-admin keys (tenant ids cannot start with '_').
CREATE TABLE api_key (
    id          VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(64)              NOT NULL,
    role        VARCHAR(32)              NOT NULL,
    label       VARCHAR(200),
    key_hash    VARCHAR(64)              NOT NULL,
    key_prefix  VARCHAR(16)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(36),
    revoked_at  TIMESTAMP WITH TIME ZONE,
    version     BIGINT                   NOT NULL,
    CONSTRAINT api_key_hash_unique UNIQUE (key_hash)
);
CREATE INDEX api_key_tenant ON api_key (tenant_id);

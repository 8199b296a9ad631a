-- OAuth app registrations, their client credentials, connections with their encrypted token sets, and the per-tenant
-- data-key keysets. Portable SQL for H2 and PostgreSQL. Ciphertexts are stored base64-encoded; every encrypted column
-- has the id of the Tink key that encrypted it beside it, so "rows not under the primary key" is one indexed query.

-- One Tink AEAD keyset per tenant, wrapped by the key-encryption key (KEK) named in kek_id.
CREATE TABLE tenant_keyset (
    tenant_id       VARCHAR(64)              NOT NULL PRIMARY KEY,
    kek_id          VARCHAR(64)              NOT NULL,
    wrapped_keyset  VARCHAR(20000)           NOT NULL,
    primary_key_id  BIGINT                   NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT                   NOT NULL
);

CREATE TABLE oauth_app (
    id                          VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id                   VARCHAR(64)              NOT NULL,
    app_key                     VARCHAR(64)              NOT NULL,
    provider                    VARCHAR(32)              NOT NULL,
    client_id                   VARCHAR(512)             NOT NULL,
    scopes                      VARCHAR(4000)            NOT NULL,
    issuer                      VARCHAR(1000),
    authorization_endpoint      VARCHAR(1000),
    token_endpoint              VARCHAR(1000)            NOT NULL,
    revocation_endpoint         VARCHAR(1000),
    redirect_uri                VARCHAR(1000),
    token_endpoint_auth_method  VARCHAR(32)              NOT NULL,
    authorization_params        VARCHAR(4000),
    created_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    version                     BIGINT                   NOT NULL,
    CONSTRAINT oauth_app_key_unique UNIQUE (tenant_id, app_key)
);

-- An app holds several client secrets during a rollover: STAGED, ACTIVE, RETIRING (fallback), RETIRED, FAILED.
CREATE TABLE client_credential (
    id                 VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id          VARCHAR(64)              NOT NULL,
    app_id             VARCHAR(36)              NOT NULL REFERENCES oauth_app (id) ON DELETE CASCADE,
    state              VARCHAR(16)              NOT NULL,
    secret_ciphertext  VARCHAR(4000),
    secret_key_id      BIGINT,
    fingerprint        VARCHAR(64),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    state_changed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version            BIGINT                   NOT NULL
);
CREATE INDEX client_credential_app ON client_credential (app_id);
CREATE INDEX client_credential_key ON client_credential (secret_key_id);

-- A connection is one end user's grant to one app. Its token set lives in the same versioned row: a refresh stores
-- the access token, the (possibly rotated) refresh token and the expiry in one write guarded by the version, and the
-- cross-node refresh lease is claimed by bumping that same version.
CREATE TABLE connection (
    id                       VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id                VARCHAR(64)              NOT NULL,
    app_id                   VARCHAR(36)              NOT NULL REFERENCES oauth_app (id),
    external_user_id         VARCHAR(256)             NOT NULL,
    status                   VARCHAR(16)              NOT NULL,
    status_reason            VARCHAR(64),
    status_detail            VARCHAR(1000),
    status_changed_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    scopes                   VARCHAR(4000),
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    grant_issued_at          TIMESTAMP WITH TIME ZONE,
    grant_credential_id      VARCHAR(36),
    refresh_token_ct         VARCHAR(8000),
    refresh_token_key_id     BIGINT,
    refresh_token_hash       VARCHAR(64),
    access_token_ct          VARCHAR(20000),
    access_token_key_id      BIGINT,
    access_token_hash        VARCHAR(64),
    token_type               VARCHAR(32),
    access_token_expires_at  TIMESTAMP WITH TIME ZONE,
    last_refreshed_at        TIMESTAMP WITH TIME ZONE,
    issued_for_rejection_at  TIMESTAMP WITH TIME ZONE,
    lease_owner              VARCHAR(64),
    lease_until              TIMESTAMP WITH TIME ZONE,
    lease_token_hash         VARCHAR(64),
    refresh_in_doubt_hash    VARCHAR(64),
    version                  BIGINT                   NOT NULL
);
CREATE INDEX connection_tenant_status ON connection (tenant_id, status);
CREATE INDEX connection_app ON connection (app_id);
CREATE INDEX connection_refresh_key ON connection (refresh_token_key_id);
CREATE INDEX connection_access_key ON connection (access_token_key_id);

-- The OAuth connect flow: authorization sessions (one per consent attempt), the tenant's allowed return URLs, the
-- scopes a connection lacks, the consent ledger behind grant budgets, and per-tenant secrets (link signing).

-- The random state is never stored, only its SHA-256; the PKCE verifier is encrypted like every other secret.
CREATE TABLE authorization_session (
    state_hash          VARCHAR(64)              NOT NULL PRIMARY KEY,
    tenant_id           VARCHAR(64)              NOT NULL,
    connection_id       VARCHAR(36)              NOT NULL,
    app_id              VARCHAR(36)              NOT NULL,
    pkce_verifier_ct    VARCHAR(1000)            NOT NULL,
    pkce_verifier_key_id BIGINT                  NOT NULL,
    requested_scopes    VARCHAR(4000),
    return_url          VARCHAR(2000),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at             TIMESTAMP WITH TIME ZONE
);
CREATE INDEX authorization_session_expiry ON authorization_session (expires_at);

ALTER TABLE tenant ADD COLUMN allowed_return_urls VARCHAR(8000);

ALTER TABLE oauth_app ADD COLUMN template_values VARCHAR(2000);

ALTER TABLE connection ADD COLUMN grant_ordinal INTEGER;

-- How many consents each external user gave each app: the basis of grant budgets (providers evict old grants).
CREATE TABLE consent_ledger (
    tenant_id         VARCHAR(64)              NOT NULL,
    app_id            VARCHAR(36)              NOT NULL,
    external_user_id  VARCHAR(256)             NOT NULL,
    consents          INTEGER                  NOT NULL,
    last_consent_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, app_id, external_user_id)
);

-- Per-tenant secrets other than data keys (e.g. the key that signs re-authorization links), sealed by the keyset.
CREATE TABLE tenant_secret (
    tenant_id    VARCHAR(64)              NOT NULL,
    purpose      VARCHAR(64)              NOT NULL,
    secret_ct    VARCHAR(1000)            NOT NULL,
    secret_key_id BIGINT                  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, purpose)
);
CREATE INDEX tenant_secret_key ON tenant_secret (secret_key_id);

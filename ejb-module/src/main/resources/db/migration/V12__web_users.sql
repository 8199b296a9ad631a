-- People who log in to the web UI. A tenant admin belongs to one tenant; a platform admin to '_platform' (as its API
-- keys do). Passwords are stored only as PBKDF2 hashes ("pbkdf2-sha256$iterations$salt$hash"); an invited user has
-- no password yet, only the SHA-256 hash of a one-time invitation token and its expiry. Portable SQL (H2, PostgreSQL).
CREATE TABLE web_user (
    id                  VARCHAR(36)              NOT NULL PRIMARY KEY,
    username            VARCHAR(64)              NOT NULL,
    tenant_id           VARCHAR(64)              NOT NULL,
    role                VARCHAR(32)              NOT NULL,
    password_hash       VARCHAR(200),
    invite_token_hash   VARCHAR(64),
    invite_expires_at   TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by          VARCHAR(64),
    CONSTRAINT web_user_username_unique UNIQUE (username),
    CONSTRAINT web_user_invite_unique UNIQUE (invite_token_hash)
);
CREATE INDEX web_user_tenant ON web_user (tenant_id);

-- A connection's sealed tokens move out of the wide, eight-times-indexed connection row into a narrow table of their
-- own: the key id and ciphertext of the refresh token and of the access token, and a version of their own.
--
-- Why: a key rotation rewrites every sealed value of every connection. On H2 an UPDATE removes and re-adds the whole
-- row in the table and in each of its indexes, so rewriting a million connection rows took 99-181 s even as a raw
-- batched UPDATE; rewriting this table takes about 40 s (bench/README.md, finding K10). It has its primary key and no
-- other index on purpose: on H2 each index costs a rotation as much again (a (tenant_id, connection_id) index made the
-- same UPDATE take 109 s). A rotation of one tenant pages through the primary key (PostgreSQL drops the tenant from
-- the sort, since it is fixed) or in physical order (H2), and the per-key counts of one tenant read the table once.
-- On PostgreSQL a rotated row here is a HOT update of a narrow row: no index entry at all.
--
-- The version guards the token set on its own: every token write bumps it, and the rotation's guarded rewrite
-- (... WHERE version = ?) loses to any write that came between its read and its write. The refresh engine's lease and
-- its compare-and-set stay on connection.version, which the rotation no longer touches, so a rotation never makes a
-- refresh fail to store a rotated refresh token, and never waits for one.
CREATE TABLE connection_token (
    connection_id            VARCHAR(36)              NOT NULL PRIMARY KEY,
    tenant_id                VARCHAR(64)              NOT NULL,
    refresh_token_ct         VARCHAR(8000),
    refresh_token_key_id     BIGINT,
    access_token_ct          VARCHAR(20000),
    access_token_key_id      BIGINT,
    version                  BIGINT                   NOT NULL,
    CONSTRAINT connection_token_connection FOREIGN KEY (connection_id) REFERENCES connection (id) ON DELETE CASCADE
);

INSERT INTO connection_token (connection_id, tenant_id, refresh_token_ct, refresh_token_key_id, access_token_ct,
        access_token_key_id, version)
    SELECT id, tenant_id, refresh_token_ct, refresh_token_key_id, access_token_ct, access_token_key_id, 0
    FROM connection WHERE refresh_token_ct IS NOT NULL OR access_token_ct IS NOT NULL;

ALTER TABLE connection DROP COLUMN refresh_token_ct;
ALTER TABLE connection DROP COLUMN refresh_token_key_id;
ALTER TABLE connection DROP COLUMN access_token_ct;
ALTER TABLE connection DROP COLUMN access_token_key_id;

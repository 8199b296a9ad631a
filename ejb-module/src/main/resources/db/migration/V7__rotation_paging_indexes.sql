-- The rotation job pages through one tenant's sealed rows in row-key order ("tenant_id = ? AND id > ? ORDER BY
-- tenant_id, id LIMIT n"). With only the (tenant_id, status) index, H2 scanned and sorted every row of the tenant
-- for each page: quadratic. These indexes let each page seek and stop after n rows.
CREATE INDEX connection_tenant_id ON connection (tenant_id, id);
CREATE INDEX client_credential_tenant_id ON client_credential (tenant_id, id);
CREATE INDEX authorization_session_tenant_state ON authorization_session (tenant_id, state_hash);

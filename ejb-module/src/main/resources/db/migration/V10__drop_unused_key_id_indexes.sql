-- No query needs an index on a connection's key ids: the rotation looks for rows NOT under the primary key (no index
-- helps with <>), and the per-key counts are per tenant (the tenant indexes serve them). Yet both columns change in
-- every rotation, and an UPDATE that changes an indexed column must add an entry to every index of the table; without
-- them, PostgreSQL can rewrite a rotated row as a HOT update (same page, no index entries), and every token write
-- maintains two indexes fewer.
DROP INDEX connection_refresh_key;
DROP INDEX connection_access_key;

package io.tokenvault.crypto.control;

import java.util.List;

/**
 * Every table that holds values sealed by a tenant's keyset, with its encrypted columns and the key-id column beside
 * each. Key rotation, the per-key row counts and the "destroy only when unused" rule all read this one list, so a new
 * encrypted column is added here and nowhere else.
 *
 * <p>{@code rowKey} is the column that orders the rows (the batch job pages through it) and identifies a row within
 * its tenant. {@code guard} is how a rewrite makes sure it does not overwrite a concurrent change: the row version
 * where there is one (every write of the sealed values bumps it), else the old key id.
 *
 * <p>A connection's tokens are in {@code connection_token}, a narrow table of their own with its own version, not in
 * the wide {@code connection} row: a rotation rewrites only them (bench/README.md, finding K10).
 */
public enum SealedTable {

    CONNECTION("connection_token", "connection_id", Guard.VERSION,
            List.of(new Column("refresh_token_ct", "refresh_token_key_id", AssociatedData.REFRESH_TOKEN),
                    new Column("access_token_ct", "access_token_key_id", AssociatedData.ACCESS_TOKEN))),
    CLIENT_CREDENTIAL("client_credential", "id", Guard.VERSION,
            List.of(new Column("secret_ciphertext", "secret_key_id", AssociatedData.CLIENT_SECRET))),
    AUTHORIZATION_SESSION("authorization_session", "state_hash", Guard.KEY_ID,
            List.of(new Column("pkce_verifier_ct", "pkce_verifier_key_id", AssociatedData.PKCE_VERIFIER))),
    WEBHOOK_SUBSCRIPTION("webhook_subscription", "id", Guard.VERSION,
            List.of(new Column("secret_ct", "secret_key_id", AssociatedData.WEBHOOK_SECRET))),
    /** Sealed with the value of its {@code purpose} column as purpose and the tenant id as row id. */
    TENANT_SECRET("tenant_secret", "purpose", Guard.KEY_ID,
            List.of(new Column("secret_ct", "secret_key_id", null)));

    /** One encrypted column; {@code purpose} null means "the row's purpose column". */
    public record Column(String ciphertext, String keyId, String purpose) {
    }

    public enum Guard { VERSION, KEY_ID }

    private final String table;
    private final String rowKey;
    private final Guard guard;
    private final List<Column> columns;

    SealedTable(String table, String rowKey, Guard guard, List<Column> columns) {
        this.table = table;
        this.rowKey = rowKey;
        this.guard = guard;
        this.columns = columns;
    }

    public String table() {
        return table;
    }

    public String rowKey() {
        return rowKey;
    }

    public Guard guard() {
        return guard;
    }

    public List<Column> columns() {
        return columns;
    }

    /** Whether the row key is a random hex-like value (a UUID or a SHA-256), so that id ranges split it evenly. */
    public boolean hasUniformKeys() {
        return this != TENANT_SECRET;
    }

    /** The purpose a value of this column was sealed for, given the row. */
    String purposeOf(Column column, String rowKeyValue) {
        return column.purpose() != null ? column.purpose() : rowKeyValue;
    }

    /** The row id bound into the associated data. */
    String associatedRowId(String tenantId, String rowKeyValue) {
        return this == TENANT_SECRET ? tenantId : rowKeyValue;
    }
}

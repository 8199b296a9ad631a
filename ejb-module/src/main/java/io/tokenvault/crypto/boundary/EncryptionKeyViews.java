package io.tokenvault.crypto.boundary;

import io.tokenvault.jobs.boundary.JobView;
import java.util.List;

/** What the encryption-key API shows: keys with their state and how many sealed values each still protects. */
public final class EncryptionKeyViews {

    private EncryptionKeyViews() {
    }

    public record Key(long keyId, String state, long rows) {
    }

    public record TenantKeys(String tenant, long primaryKeyId, List<Key> keys) {
    }

    public record NewKey(String tenant, long keyId) {
    }

    /** {@code 202} of a rotation: the new primary key(s) and the re-encryption job. */
    public record Rotation(Long keyId, List<NewKey> keys, JobView job) {
    }
}

/**
 * Envelope encryption of tenant secrets (refresh and access tokens, client secrets, PKCE verifiers) with Google
 * Tink, as plain Java that the key ring Singleton EJB wraps and the entities persist.
 *
 * <p>Each tenant has its own {@link io.tokenvault.crypto.control.TenantKeyset} of AES-256-GCM data keys, so that a
 * tenant can be crypto-shredded by destroying its keys. A keyset is stored in the database only wrapped (encrypted)
 * by a key-encryption key from a {@link io.tokenvault.crypto.control.KeyEncryptionKeySource}: the plug point where a
 * KMS replaces the embedded {@link io.tokenvault.crypto.control.FileKeyEncryptionKeySource}. Every ciphertext is a
 * {@link io.tokenvault.crypto.control.Sealed} value carrying the id of the key that made it, and is bound by
 * {@link io.tokenvault.crypto.control.AssociatedData} to its tenant, purpose and row, so that it cannot be moved to
 * another tenant, column or row. Decrypted values are handed out in closeable
 * {@link io.tokenvault.crypto.control.SecretValue} holders; failures are typed
 * {@link io.tokenvault.crypto.control.CryptoException}s whose messages never contain key material, plaintext or
 * ciphertext.
 */
package io.tokenvault.crypto.control;

package io.tokenvault.users.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aHashVerifiesItsPasswordAndNoOther() {
        String stored = PasswordHash.hash("correct horse battery".toCharArray(), 1000);
        assertThat(PasswordHash.verify("correct horse battery".toCharArray(), stored)).isTrue();
        assertThat(PasswordHash.verify("correct horse batterY".toCharArray(), stored)).isFalse();
        assertThat(PasswordHash.verify("".toCharArray(), stored)).isFalse();
    }

    @Test
    void theHashIsSaltedPbkdf2AndNeverContainsThePassword() {
        String a = PasswordHash.hash("same password here".toCharArray(), 1000);
        String b = PasswordHash.hash("same password here".toCharArray(), 1000);
        assertThat(a).startsWith("pbkdf2-sha256$1000$").isNotEqualTo(b).doesNotContain("same password");
    }

    @Test
    void todaysWorkFactorIsStrongAndWeakerHashesAreUpgraded() {
        assertThat(PasswordHash.ITERATIONS).isGreaterThanOrEqualTo(600_000);
        String weak = PasswordHash.hash("a password to test".toCharArray(), 1000);
        assertThat(PasswordHash.needsRehash(weak)).isTrue();
        assertThat(PasswordHash.needsRehash(PasswordHash.hash("a password to test".toCharArray()))).isFalse();
    }

    @Test
    void missingOrMalformedHashesNeverMatch() {
        char[] password = "whatever-password".toCharArray();
        assertThat(PasswordHash.verify(password, null)).isFalse();
        assertThat(PasswordHash.verify(password, "")).isFalse();
        assertThat(PasswordHash.verify(password, "md5$1$abc$def")).isFalse();
        assertThat(PasswordHash.verify(password, "pbkdf2-sha256$x$abc$def")).isFalse();
        assertThat(PasswordHash.verify(password, "pbkdf2-sha256$1000$!!!$def")).isFalse();
        assertThat(PasswordHash.verify(password, "pbkdf2-sha256$0$AAAA$AAAA")).isFalse();
    }

    @Test
    void generatedPasswordsAreLongAndDistinct() {
        String a = PasswordHash.randomPassword();
        assertThat(a).hasSize(24).matches("[A-Za-z0-9_-]+").isNotEqualTo(PasswordHash.randomPassword());
    }

    @Test
    void wipingClearsThePassword() {
        char[] password = "secret-password".toCharArray();
        PasswordHash.wipe(password);
        assertThat(new String(password)).isEqualTo("\0".repeat(15));
    }
}

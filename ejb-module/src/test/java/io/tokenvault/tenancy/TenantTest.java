package io.tokenvault.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.tenancy.entity.Tenant;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme", "a1", "acme-corp-2", "0day"})
    void acceptsSlugIds(String id) {
        assertThat(new Tenant(id, "Acme", Instant.EPOCH).id()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "a", "_platform", "-acme", "acme corp", "Acme", "acme/x", "é"})
    void refusesOtherIds(String id) {
        assertThatThrownBy(() -> new Tenant(id, "Acme", Instant.EPOCH)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).errors()).extracting("field").containsExactly("id"));
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        assertThatThrownBy(() -> new Tenant(null, " ", Instant.EPOCH))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errors()).extracting("field").containsExactly("id", "name"));
    }

    @Test
    void refusesOverlongAndControlCharacterNames() {
        assertThatThrownBy(() -> new Tenant("acme", "x".repeat(201), Instant.EPOCH))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new Tenant("acme", "Acme\u0000", Instant.EPOCH))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void idsCannotCollideWithReservedScopes() {
        assertThat(Tenant.ID_PATTERN.matcher("_root").matches()).isFalse();
        assertThat(Tenant.ID_PATTERN.matcher("_none").matches()).isFalse();
        assertThat(Tenant.ID_PATTERN.matcher("_platform").matches()).isFalse();
    }
}

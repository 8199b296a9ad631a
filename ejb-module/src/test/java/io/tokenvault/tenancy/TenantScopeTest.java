package io.tokenvault.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenvault.tenancy.control.TenantIdentifierResolver;
import io.tokenvault.tenancy.control.TenantScope;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TenantScopeTest {

    @AfterEach
    void forget() {
        TenantScope.clear();
    }

    @Test
    void noScopeMeansNoTenant() {
        assertThat(TenantScope.current()).isEqualTo(TenantScope.NONE);
        assertThat(new TenantIdentifierResolver().resolveCurrentTenantIdentifier()).isEqualTo(TenantScope.NONE);
    }

    @Test
    void scopesNestAndRestore() {
        try (TenantScope outer = TenantScope.of("acme")) {
            assertThat(TenantScope.current()).isEqualTo("acme");
            try (TenantScope inner = TenantScope.root()) {
                assertThat(TenantScope.current()).isEqualTo(TenantScope.ROOT);
            }
            assertThat(TenantScope.current()).isEqualTo("acme");
        }
        assertThat(TenantScope.current()).isEqualTo(TenantScope.NONE);
    }

    @Test
    void scopeIsNotInheritedByOtherThreads() throws Exception {
        try (TenantScope scope = TenantScope.of("acme")) {
            String seenElsewhere = CompletableFuture.supplyAsync(TenantScope::current).get();
            assertThat(seenElsewhere).isEqualTo(TenantScope.NONE);
        }
    }

    @Test
    void requireFailsUnderAnotherTenant() {
        try (TenantScope scope = TenantScope.of("acme")) {
            TenantScope.require("acme");
            assertThatThrownBy(() -> TenantScope.require("other")).isInstanceOf(IllegalStateException.class);
        }
        try (TenantScope scope = TenantScope.root()) {
            TenantScope.require("anyone");
        }
    }

    @Test
    void onlyRootIsRoot() {
        TenantIdentifierResolver resolver = new TenantIdentifierResolver();
        assertThat(resolver.isRoot(TenantScope.ROOT)).isTrue();
        assertThat(resolver.isRoot("acme")).isFalse();
        assertThat(resolver.isRoot(TenantScope.NONE)).isFalse();
    }
}

package io.tokenvault.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenvault.apikeys.entity.ApiKey;
import io.tokenvault.tenancy.boundary.Role;
import io.tokenvault.tenancy.control.TenantScope;
import io.tokenvault.tenancy.entity.Tenant;
import io.tokenvault.testsupport.TestDatabases;
import io.tokenvault.testsupport.TestDatabases.Database;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation is a property of the persistence layer, not of each query: with a tenant scope open, a query that
 * names no tenant at all still sees that tenant's rows only, on H2 and on PostgreSQL.
 */
class TenantIsolationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void queriesSeeOnlyTheScopedTenantsRows(String kind) {
        Database database = TestDatabases.freshOf(kind);
        try (EntityManagerFactory emf = database.entityManagerFactory()) {
            String a = "tenant-a";
            String b = "tenant-b";
            ApiKey keyOfA = key(a);
            ApiKey keyOfB = key(b);
            inTransaction(emf, TenantScope.ROOT, em -> {
                em.persist(new Tenant(a, "A", Instant.now()));
                em.persist(new Tenant(b, "B", Instant.now()));
                em.persist(keyOfA);
                em.persist(keyOfB);
                return null;
            });

            List<String> seenByA = inTransaction(emf, a,
                    em -> em.createQuery("select k.id from ApiKey k", String.class).getResultList());
            assertThat(seenByA).containsExactly(keyOfA.id());

            Long countSeenByB = inTransaction(emf, b,
                    em -> em.createQuery("select count(k) from ApiKey k", Long.class).getSingleResult());
            assertThat(countSeenByB).isEqualTo(1L);

            // even a query that asks for the other tenant's row by its id comes back empty
            List<ApiKey> crossLookup = inTransaction(emf, a, em -> em
                    .createQuery("select k from ApiKey k where k.id = :id", ApiKey.class)
                    .setParameter("id", keyOfB.id()).getResultList());
            assertThat(crossLookup).isEmpty();

            // a thread with no scope sees nothing at all: a forgotten scope fails closed
            Long countWithoutScope = inTransaction(emf, null,
                    em -> em.createQuery("select count(k) from ApiKey k", Long.class).getSingleResult());
            assertThat(countWithoutScope).isZero();

            Long countAsRoot = inTransaction(emf, TenantScope.ROOT,
                    em -> em.createQuery("select count(k) from ApiKey k", Long.class).getSingleResult());
            assertThat(countAsRoot).isEqualTo(2L);
        } finally {
            TestDatabases.dispose(database);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void writingAnotherTenantsRowUnderAScopeIsRefused(String kind) {
        Database database = TestDatabases.freshOf(kind);
        try (EntityManagerFactory emf = database.entityManagerFactory()) {
            assertThatThrownBy(() -> inTransaction(emf, "tenant-a", em -> {
                em.persist(key("tenant-b"));
                em.flush();
                return null;
            })).hasMessageContaining("tenant");
        } finally {
            TestDatabases.dispose(database);
        }
    }

    private static ApiKey key(String tenant) {
        String id = UUID.randomUUID().toString();
        return new ApiKey(id, tenant, Role.WORKER, null, "hash-" + id, "tvk_abc", Instant.now(), null);
    }

    private static <T> T inTransaction(EntityManagerFactory emf, String tenant, Function<EntityManager, T> work) {
        TenantScope scope = tenant == null ? null : TenantScope.of(tenant);
        try {
            EntityManager em = emf.createEntityManager();
            try {
                em.getTransaction().begin();
                T result = work.apply(em);
                em.getTransaction().commit();
                return result;
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }
}

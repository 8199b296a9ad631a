package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.simulator.ErrorStyle;
import io.tokenvault.tokens.EngineFixture.Linked;
import io.tokenvault.tokens.EngineFixture.Outcome;
import io.tokenvault.tokens.boundary.ReauthorizationRequiredException;
import io.tokenvault.tokens.control.AccessGrant;
import io.tokenvault.tokens.control.TokenRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Field report, "Refresh Token Revocation": the user removes the app, a Workspace admin revokes it for the whole
 * organization, or a password change revokes every grant. invalid_grant is terminal: one call finds out, the
 * connection becomes NEEDS_REAUTH with a diagnosed reason, and nobody calls the provider for it again.
 */
class RevokedGrantNeedsReauthAfterExactlyOneCallTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void userRemovedAccess(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            f.behaviour().errorStyle(ErrorStyle.GOOGLE);
            Linked alice = f.connect("alice");
            f.sim().revokeUser(EngineFixture.CLIENT_ID, "alice"); // "Manage third-party access" → "Remove access"
            f.clock().advance(Duration.ofMinutes(61));

            assertDeadAfterOneCall(f, alice, "revoked");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void passwordChangeRevokedEveryGrant(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            f.behaviour().errorStyle(ErrorStyle.MICROSOFT); // AADSTS50173
            Linked alice = f.connect("alice");
            f.sim().passwordChanged("alice");
            f.clock().advance(Duration.ofMinutes(61));

            assertDeadAfterOneCall(f, alice, "password_changed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void adminRevokedTheAppForTheWholeOrganization(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            f.behaviour().errorStyle(ErrorStyle.GOOGLE);
            List<Linked> users = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                users.add(f.connect("user-" + i));
            }
            f.sim().revokeClient(EngineFixture.CLIENT_ID);
            f.clock().advance(Duration.ofMinutes(61));

            // the morning sync: ten workers per connection on both nodes, all at once
            List<Outcome> outcomes = Crowd.once(50, i -> f.attempt(i % 2, users.get(i % 5).id(), null, null));

            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure())
                    .isInstanceOfSatisfying(ReauthorizationRequiredException.class,
                            e -> assertThat(e.diagnosis().reason()).isEqualTo("revoked")));
            assertThat(f.tokenCalls()).as("one call per connection").isEqualTo(users.size());
            for (Linked user : users) {
                assertThat(f.row(user.id()).status()).isEqualTo(ConnectionStatus.NEEDS_REAUTH);
            }
            Crowd.once(50, i -> f.attempt(i % 2, users.get(i % 5).id(), null, null));
            assertThat(f.tokenCalls()).as("no retry storm").isEqualTo(users.size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tokenvault.testsupport.TestDatabases#kinds")
    void aReauthorizationHandledByOneNodeIsSeenByEveryNode(String kind) {
        try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
            Linked alice = f.connect("alice");
            f.sim().revokeUser(EngineFixture.CLIENT_ID, "alice");
            f.clock().advance(Duration.ofMinutes(61));
            assertThatThrownBy(() -> f.token(0, alice.id())).isInstanceOf(ReauthorizationRequiredException.class);
            assertThatThrownBy(() -> f.token(1, alice.id())).isInstanceOf(ReauthorizationRequiredException.class);

            // the user follows the re-authorization link; node a handles the callback and forgets what it cached
            Linked again = f.reauthorize(alice);
            f.node(0).forget(alice.id());

            AccessGrant onA = f.token(0, alice.id());
            AccessGrant onB = f.token(1, alice.id());
            assertThat(onA.accessToken()).isEqualTo(again.seeded().accessToken());
            assertThat(onB.accessToken()).as("node b serves the new grant too").isEqualTo(again.seeded().accessToken());
            assertThat(f.tokenCalls()).isEqualTo(1);
        }
    }

    private static void assertDeadAfterOneCall(EngineFixture f, Linked alice, String reason) {
        Outcome first = f.attempt(0, alice.id(), null, null);

        assertThat(first.failure()).isInstanceOfSatisfying(ReauthorizationRequiredException.class,
                e -> assertThat(e.diagnosis().reason()).isEqualTo(reason));
        assertThat(f.tokenCalls()).isEqualTo(1);
        TokenRow row = f.row(alice.id());
        assertThat(row.status()).isEqualTo(ConnectionStatus.NEEDS_REAUTH);
        assertThat(row.statusReason()).isEqualTo(reason);
        assertThat(row.refreshToken()).as("the dead grant's token is kept for the record, not dropped").isPresent();

        for (int i = 0; i < 20; i++) {
            Outcome again = f.attempt(i % 2, alice.id(), null, null);
            assertThat(again.failure()).isInstanceOfSatisfying(ReauthorizationRequiredException.class,
                    e -> assertThat(e.diagnosis().reason()).isEqualTo(reason));
        }
        f.clock().advance(Duration.ofDays(1));
        assertThat(f.attempt(1, alice.id(), null, null).failure())
                .isInstanceOf(ReauthorizationRequiredException.class);
        assertThat(f.tokenCalls()).as("calls after the first: none").isEqualTo(1);
    }
}

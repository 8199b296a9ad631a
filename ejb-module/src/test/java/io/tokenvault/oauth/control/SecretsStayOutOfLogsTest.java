package io.tokenvault.oauth.control;

import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.simulator.ErrorStyle;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatorClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** Every log record of the client, at every level, is free of token and secret values. */
class SecretsStayOutOfLogsTest {

    private static final String SECRET = "client-secret-value-42";

    private final SimulatorClock clock = SimulatorClock.fixedAt(Instant.parse("2030-01-01T00:00:00Z"));
    private final ProviderSimulator sim = ProviderSimulator.start(clock);
    private final TokenEndpointClient client =
            new TokenEndpointClient(clock, Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMinutes(1));
    private final Logger logger = Logger.getLogger(TokenEndpointClient.class.getName());
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(String.valueOf(record.getMessage()) + " " + String.valueOf(record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void restore() {
        logger.removeHandler(capture);
        logger.setLevel(previousLevel);
        sim.close();
    }

    @Test
    void successesRefusalsAndOutagesLogOnlyMetadata() {
        sim.registerClient("app", SECRET).behaviour().rotateRefreshTokens(true).errorStyle(ErrorStyle.MICROSOFT);
        SeededGrant grant = sim.issueGrant("app", "alice", "a");
        ClientCredentials credentials = ClientCredentials.basic("app", SecretValue.of(SECRET));

        TokenResponseOutcome ok = client.refresh(credentials, sim.tokenEndpoint(), grant.refreshToken());
        client.refresh(credentials, sim.tokenEndpoint(), grant.refreshToken());
        client.refresh(ClientCredentials.post("app", SecretValue.of(SECRET + "-wrong")), sim.tokenEndpoint(),
                grant.refreshToken());
        sim.client("app").behaviour().failNext(1, 502).timeoutNext(1, Duration.ofSeconds(30));
        client.refresh(credentials, sim.tokenEndpoint(), grant.refreshToken());
        client.refresh(credentials, sim.tokenEndpoint(), grant.refreshToken());
        sim.releaseHeldResponses();
        client.revoke(credentials, sim.revocationEndpoint(), grant.accessToken(), false);

        assertThat(ok).isInstanceOf(TokenResponseOutcome.Issued.class);
        assertThat(logged).hasSizeGreaterThanOrEqualTo(6);
        for (String line : logged) {
            assertThat(line).doesNotContain(SECRET);
            for (String token : sim.issuedTokens()) {
                assertThat(line).doesNotContain(token);
            }
        }
    }
}

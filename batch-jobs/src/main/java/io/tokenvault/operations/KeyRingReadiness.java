package io.tokenvault.operations;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the key ring is loaded: the key-encryption key was read, so tenant keysets can be unwrapped; without
 * it no token can be sealed or opened. Reports the KEK version and the keysets per version (never key material).
 */
@Readiness
@ApplicationScoped
public class KeyRingReadiness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        var state = HealthSignals.keyRing();
        if (state.isEmpty()) {
            return HealthCheckResponse.named("key-ring").down().withData("state", "not loaded").build();
        }
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("key-ring").up();
        try {
            builder.withData("kekId", state.get().kekId().get());
            state.get().keysetsByKek().get().forEach((kek, count) -> builder.withData("keysets " + kek, count));
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("key-ring").down().withData("error", e.getClass().getSimpleName())
                    .build();
        }
        return builder.build();
    }
}

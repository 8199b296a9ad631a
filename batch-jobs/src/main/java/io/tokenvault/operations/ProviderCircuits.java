package io.tokenvault.operations;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The providers' circuit states on this node: which token endpoints are refused for now because they kept failing.
 * Always UP: a provider that is down is not this node's fault, and taking the node out of the load balancer would only
 * stop every other provider's refreshes too. The data names the open circuits (hosts only).
 */
@Readiness
@ApplicationScoped
public class ProviderCircuits implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        var open = HealthSignals.openCircuits();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("provider-circuits").up()
                .withData("open", open.size());
        for (String endpoint : open) {
            String host = URI.create(endpoint).getHost();
            builder.withData("open " + (host == null ? endpoint : host), "calls refused for now");
        }
        return builder.build();
    }
}

package io.tokenvault.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The one clock of the application, injected wherever time matters so that tests can replace it. */
@ApplicationScoped
public class Clocks {

    @Produces
    Clock systemClock() {
        return Clock.systemUTC();
    }
}

package io.tokenvault.users.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final ManualClock clock = new ManualClock();
    final LoginThrottle throttle = new LoginThrottle(clock, 5);

    @Test
    void theFirstFailuresAreFreeThenTheNameMustWait() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice");
            assertThat(throttle.waitFor("alice")).isEmpty();
        }
        throttle.failed("alice");
        assertThat(throttle.waitFor("alice")).contains(Duration.ofSeconds(30));
        assertThat(throttle.waitFor("bob")).as("other names are not affected").isEmpty();
    }

    @Test
    void eachFurtherFailureDoublesTheWaitUpToTheMaximum() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice");
        }
        clock.advance(Duration.ofSeconds(31));
        assertThat(throttle.waitFor("alice")).isEmpty();
        throttle.failed("alice");
        assertThat(throttle.waitFor("alice")).contains(Duration.ofSeconds(60));
        for (int i = 0; i < 20; i++) {
            throttle.failed("alice");
        }
        assertThat(throttle.waitFor("alice")).contains(LoginThrottle.MAX_DELAY);
    }

    @Test
    void namesAreCountedWhateverTheirCaseAndSpacing() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(i % 2 == 0 ? "Alice" : " alice ");
        }
        assertThat(throttle.waitFor("ALICE")).isPresent();
    }

    @Test
    void aSuccessForgetsTheFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice");
        }
        throttle.succeeded("alice");
        throttle.failed("alice");
        assertThat(throttle.waitFor("alice")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice");
        }
        clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
        throttle.failed("alice");
        assertThat(throttle.waitFor("alice")).isEmpty();
    }

    @Test
    void theWaitEnds() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice");
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(throttle.waitFor("alice")).contains(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(20));
        assertThat(throttle.waitFor("alice")).isEmpty();
    }
}

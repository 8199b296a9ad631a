/**
 * A provider simulator for tests and benchmarks: a real HTTP OAuth 2.0 authorization server on the
 * loopback interface that reproduces what real providers do to a token vault: rotating refresh
 * tokens and reuse detection, Google "Testing"-app expiry, {@code access_type=offline} and
 * {@code offline_access} quirks, granular consent, Google and Microsoft error payloads, revocation
 * by user, admin and password change, skewed clocks, and injected outages.
 *
 * <p>{@link io.tokenvault.simulator.ProviderSimulator} is the entry point; each registered
 * {@link io.tokenvault.simulator.SimulatedClient} has a {@link io.tokenvault.simulator.Behaviour}
 * that tests change while the simulator runs; time is a shared
 * {@link io.tokenvault.simulator.SimulatorClock}.
 */
package io.tokenvault.simulator;

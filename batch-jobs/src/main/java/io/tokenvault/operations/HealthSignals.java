package io.tokenvault.operations;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the application modules report for the health checks. The checks must live in this EAR library (WildFly
 * collects health checks from the EAR's top-level bean archive), which cannot see the EJB module's classes; the EJB
 * module can see this class, so its services report here: the key ring when it has loaded, the refresh engine's open
 * circuits on request. Ids and counts only, never key material.
 */
public final class HealthSignals {

    /** The key ring's state: the KEK version in use and the keysets per KEK version. */
    public record KeyRingState(Supplier<String> kekId, Supplier<Map<String, Integer>> keysetsByKek) {
    }

    private static volatile KeyRingState keyRing;
    private static volatile Supplier<List<String>> openCircuits = List::of;

    private HealthSignals() {
    }

    public static void keyRingLoaded(KeyRingState state) {
        keyRing = state;
    }

    public static void openCircuits(Supplier<List<String>> source) {
        openCircuits = source;
    }

    static Optional<KeyRingState> keyRing() {
        return Optional.ofNullable(keyRing);
    }

    static List<String> openCircuits() {
        return openCircuits.get();
    }
}

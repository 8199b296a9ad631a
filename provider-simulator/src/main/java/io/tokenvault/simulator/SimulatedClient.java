package io.tokenvault.simulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * An OAuth client registered at the simulator: its identifier, the secrets currently valid (several
 * at once, for zero-downtime rotation), its redirect URIs and its {@link Behaviour}.
 */
public final class SimulatedClient {

    private final String clientId;
    private final boolean publicClient;
    private final CopyOnWriteArrayList<String> secrets = new CopyOnWriteArrayList<>();
    private final Set<URI> redirectUris = new CopyOnWriteArraySet<>();
    private final Behaviour behaviour = new Behaviour();

    SimulatedClient(String clientId, boolean publicClient) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.publicClient = publicClient;
    }

    public String clientId() {
        return clientId;
    }

    /** A public client authenticates with its {@code client_id} alone ({@code none}). */
    public boolean isPublic() {
        return publicClient;
    }

    /** This client's behaviour, mutable while the simulator runs. */
    public Behaviour behaviour() {
        return behaviour;
    }

    /** Makes {@code secret} valid alongside the existing ones. */
    public SimulatedClient addSecret(String secret) {
        if (publicClient) {
            throw new IllegalStateException("a public client has no secrets");
        }
        secrets.addIfAbsent(Objects.requireNonNull(secret, "secret"));
        return this;
    }

    /** Makes {@code secret} invalid from the next request on. */
    public SimulatedClient removeSecret(String secret) {
        secrets.remove(secret);
        return this;
    }

    /** Number of currently valid secrets. */
    public int secretCount() {
        return secrets.size();
    }

    /**
     * Registers a redirect URI. A client without any accepts every absolute {@code http(s)}
     * redirect URI; once one is registered, only exact matches are accepted.
     */
    public SimulatedClient addRedirectUri(URI uri) {
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("redirect URI must be absolute");
        }
        redirectUris.add(uri);
        return this;
    }

    public Set<URI> redirectUris() {
        return Set.copyOf(redirectUris);
    }

    boolean acceptsRedirectUri(URI uri) {
        if (redirectUris.isEmpty()) {
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        }
        return redirectUris.contains(uri);
    }

    boolean secretMatches(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String secret : List.copyOf(secrets)) {
            match |= MessageDigest.isEqual(given, secret.getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }

    @Override
    public String toString() {
        return "SimulatedClient[" + clientId + (publicClient ? ", public" : ", secrets=" + secrets.size()) + "]";
    }
}

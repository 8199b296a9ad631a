package io.tokenvault.simulator;

/** The simulator's HTTP endpoints, as counted by {@link CallCounters}. */
public enum Endpoint {
    AUTHORIZATION, TOKEN, REVOCATION, USERINFO, RESOURCE, DISCOVERY, JWKS, CONTROL
}

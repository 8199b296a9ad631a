package io.tokenvault.cluster.control;

import java.util.Objects;

/**
 * What a node changed, for the other nodes to drop from their caches: fired as a CDI event by the service that made
 * the change, sent to the other nodes once its transaction commits, and fired there as {@link Received}.
 *
 * @param region which cache
 * @param key what in it: a tenant id, an API key id or a connection id (never a secret)
 */
public record CacheInvalidation(Region region, String key) {

    public enum Region {
        /** All app registrations (the registry reloads as a whole); key: tenant id. */
        APPS,
        /** One API key; key: its id. */
        API_KEY,
        /** Every API key of a tenant; key: tenant id. */
        TENANT_API_KEYS,
        /** A tenant's keyset; key: tenant id. */
        KEYSET,
        /** A tenant's webhook subscriptions; key: tenant id. */
        WEBHOOK_SUBSCRIPTIONS,
        /** A connection's cached access token; key: connection id. */
        CONNECTION_TOKEN,
        /** Every cached access token of a tenant; key: tenant id. */
        TENANT_TOKENS
    }

    public CacheInvalidation {
        Objects.requireNonNull(region);
        Objects.requireNonNull(key);
    }

    /** An invalidation another node sent, fired on this node. */
    public record Received(CacheInvalidation invalidation, String fromNode) {

        public boolean is(Region region) {
            return invalidation.region() == region;
        }

        public String key() {
            return invalidation.key();
        }
    }
}

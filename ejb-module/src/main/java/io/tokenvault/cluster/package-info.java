/**
 * Several nodes, one database: the in-memory caches of every node (app registrations, API keys, keysets, webhook
 * subscriptions, access tokens) are invalidated on all nodes when one node changes what they hold. Messages travel
 * over WildFly's clustering (the default JGroups channel's command dispatcher); on a server without clustering the
 * group is this node alone. Each cache also re-checks the database now and then, as the safety net for a message a
 * node missed (a node that was partitioned away, or joined late).
 */
package io.tokenvault.cluster;

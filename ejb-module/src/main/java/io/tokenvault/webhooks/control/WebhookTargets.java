package io.tokenvault.webhooks.control;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs a webhook may be sent to. A tenant names the URL, and the server sends requests to it from inside the
 * operator's network, so by default only public addresses are allowed (no loopback, private, link-local, unique-local,
 * multicast or unspecified address: server-side request forgery). The host is resolved again before every send, so a
 * name that later resolves to a private address is refused then (DNS rebinding).
 * {@code TOKENVAULT_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true} lifts that for installations whose receivers are internal.
 */
public final class WebhookTargets {

    private final boolean allowPrivateNetworks;

    public WebhookTargets(boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** Why the URL is not acceptable as a webhook target, or empty if it is. */
    public Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("is required");
        }
        if (url.length() > 2000) {
            return Optional.of("must be at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must name a host, without user information or fragment");
        }
        return addressProblem(uri.getHost());
    }

    /** Why the host must not be called, or empty; resolves it. */
    public Optional<String> addressProblem(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("names a host that does not resolve: " + host);
        }
        if (allowPrivateNetworks) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                return Optional.of("resolves to a loopback, private or otherwise internal address ("
                        + address.getHostAddress() + "); set TOKENVAULT_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow"
                        + " internal receivers");
            }
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second <= 127) // 0/8, carrier-grade NAT 100.64/10
                || (first == 169 && second == 254) || first >= 224; // link-local, multicast and reserved
    }
}

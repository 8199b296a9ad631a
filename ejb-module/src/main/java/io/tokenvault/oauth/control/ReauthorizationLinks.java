package io.tokenvault.oauth.control;

import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.SecretValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Re-authorization links a tenant can send to its end user: signed (HMAC-SHA256 with a per-tenant key kept sealed in
 * {@code tenant_secret}), expiring (about a week, rounded to the day so that a connection's link stays the same for a
 * day) and single-purpose (they only start the connect flow for the one connection they name).
 */
@jakarta.enterprise.context.ApplicationScoped
public class ReauthorizationLinks {

    static final String PURPOSE = "link_signing";
    static final Duration VALIDITY = Duration.ofDays(7);

    @jakarta.annotation.Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @jakarta.inject.Inject
    KeyRing keyRing;

    @jakarta.inject.Inject
    Clock clock;

    @jakarta.inject.Inject
    io.tokenvault.platform.control.Settings settings;

    private String publicUrl;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    protected ReauthorizationLinks() {
    }

    /** Outside the container (tests). */
    public ReauthorizationLinks(DataSource dataSource, KeyRing keyRing, Clock clock, String publicUrl) {
        this.dataSource = dataSource;
        this.keyRing = keyRing;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    @jakarta.annotation.PostConstruct
    void init() {
        publicUrl = settings.publicUrl();
    }

    /** The link for a connection, valid for about a week. */
    public String linkFor(String tenantId, String connectionId) {
        long expires = clock.instant().plus(VALIDITY).truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS)
                .getEpochSecond();
        return publicUrl + "/oauth/reauthorize?tenant=" + encode(tenantId) + "&connection=" + encode(connectionId)
                + "&expires=" + expires + "&sig=" + sign(tenantId, connectionId, expires);
    }

    /** Whether a presented link is genuine and not expired. */
    public boolean verify(String tenantId, String connectionId, long expires, String signature) {
        if (tenantId == null || connectionId == null || signature == null
                || Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
            return false;
        }
        return MessageDigest.isEqual(sign(tenantId, connectionId, expires).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String tenantId, String connectionId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(tenantId), "HmacSHA256"));
            byte[] tag = mac.doFinal(("reauthorize\n" + tenantId + "\n" + connectionId + "\n" + expires)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private byte[] key(String tenantId) {
        return keys.computeIfAbsent(tenantId, t -> load(t).orElseGet(() -> create(t)));
    }

    private Optional<byte[]> load(String tenantId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT secret_ct, secret_key_id FROM tenant_secret WHERE tenant_id = ? AND purpose = ?")) {
            s.setString(1, tenantId);
            s.setString(2, PURPOSE);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Sealed sealed = new Sealed((int) rs.getLong(2), KeyRing.decode(rs.getString(1)));
                try (SecretValue key = keyRing.open(tenantId, PURPOSE, tenantId, sealed)) {
                    return Optional.of(Base64.getDecoder().decode(key.reveal()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the link signing key", e);
        }
    }

    private byte[] create(String tenantId) {
        String key = Base64.getEncoder().encodeToString(Pkce.random(32).getBytes(StandardCharsets.US_ASCII));
        Sealed sealed = keyRing.seal(tenantId, PURPOSE, tenantId, key);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO tenant_secret (tenant_id, purpose, secret_ct, secret_key_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, tenantId);
            s.setString(2, PURPOSE);
            s.setString(3, KeyRing.encode(sealed.ciphertext()));
            s.setLong(4, sealed.keyId());
            s.setTimestamp(5, Timestamp.from(clock.instant()));
            s.executeUpdate();
            return Base64.getDecoder().decode(key);
        } catch (SQLException e) {
            // another node created it first
            return load(tenantId).orElseThrow(() -> new IllegalStateException("Cannot create the link signing key", e));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

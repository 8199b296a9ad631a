package io.tokenvault.apps.boundary;

import io.tokenvault.events.ConnectionStatusChanged;
import io.tokenvault.notices.boundary.Notices;
import io.tokenvault.notices.control.Notice;
import io.tokenvault.notices.control.NoticeKind;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mass revocation: when {@code tokenvault.mass-revocation.threshold} (50) connections of one app have had their grant
 * refused ({@code invalid_grant}) within {@code tokenvault.mass-revocation.window-seconds} (one hour), the app is
 * flagged and the tenant gets one aggregated notice with the count, the likely cause and the list of affected
 * connections, instead of one notice per connection. Later failures in the same window raise that notice's count;
 * each connection keeps its own status and reason. Flagging is one compare-and-set on the app's row, so however many
 * connections fail at once, on however many nodes, exactly one notice is posted per window.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class MassRevocations {

    private static final Logger LOG = Logger.getLogger(MassRevocations.class.getName());
    /** Failures that are not the provider refusing grants: they have their own notices. */
    private static final Set<String> NOT_REVOCATIONS = Set.of("client_id_changed", "no_refresh_token");

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    Notices notices;

    @Inject
    @ConfigProperty(name = "tokenvault.mass-revocation.threshold", defaultValue = "50")
    int threshold;

    @Inject
    @ConfigProperty(name = "tokenvault.mass-revocation.window-seconds", defaultValue = "3600")
    long windowSeconds;

    /** Called for every connection that became NEEDS_REAUTH, after that committed. */
    public void failed(ConnectionStatusChanged e) {
        if (!"NEEDS_REAUTH".equals(e.to()) || e.reason() == null || NOT_REVOCATIONS.contains(e.reason())) {
            return;
        }
        Instant windowStart = e.at().minus(Duration.ofSeconds(windowSeconds));
        try (Connection c = dataSource.getConnection()) {
            Map<String, Integer> reasons = recentFailures(c, e.appId(), windowStart);
            int count = reasons.values().stream().mapToInt(Integer::intValue).sum();
            if (count < threshold) {
                return;
            }
            if (flag(c, e.appId(), e.at(), windowStart)) {
                String likely = reasons.entrySet().stream().limit(3)
                        .map(r -> r.getKey() + " (" + r.getValue() + ")").collect(Collectors.joining(", "));
                Notice notice = notices.post(e.tenantId(), NoticeKind.MASS_REVOCATION, e.appId(), count
                        + " connections of app '" + e.appKey() + "' lost their grant within "
                        + Duration.ofSeconds(windowSeconds).toMinutes() + " minutes", "The provider refused the"
                        + " grants of many users at once (reasons: " + likely + "). That is rarely the users: most"
                        + " likely the app's access was revoked by an organisation administrator, the app was disabled"
                        + " or deleted at the provider, or its client secret was rotated there. Check the app at the"
                        + " provider first, then send the affected users their re-authorization links.", count,
                        "tenants/" + e.tenantId() + "/connections?app=" + e.appKey() + "&status=NEEDS_REAUTH");
                recordNotice(c, e.appId(), notice.id());
                LOG.warning(() -> "Mass revocation flagged for app " + e.appKey() + " of tenant " + e.tenantId()
                        + ": " + count + " grants refused within the window");
            }
            raiseCount(c, e.appId(), count);
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot check app " + e.appKey() + " for a mass revocation", ex);
        }
    }

    /** Recent NEEDS_REAUTH connections of the app by reason, most frequent first. */
    private static Map<String, Integer> recentFailures(Connection c, String appId, Instant since) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status_reason, COUNT(*) FROM connection"
                + " WHERE app_id = ? AND status = 'NEEDS_REAUTH' AND status_changed_at >= ?"
                + " AND status_reason NOT IN ('client_id_changed', 'no_refresh_token')"
                + " GROUP BY status_reason ORDER BY COUNT(*) DESC, status_reason")) {
            s.setString(1, appId);
            s.setTimestamp(2, Timestamp.from(since));
            Map<String, Integer> reasons = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reasons.put(rs.getString(1), rs.getInt(2));
                }
            }
            return reasons;
        }
    }

    /** Flags the app unless it was flagged within the window: true for exactly one caller per window. */
    private static boolean flag(Connection c, String appId, Instant now, Instant windowStart) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE oauth_app SET mass_revocation_at = ?,"
                + " mass_revocation_notice_id = NULL WHERE id = ?"
                + " AND (mass_revocation_at IS NULL OR mass_revocation_at < ?)")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, appId);
            s.setTimestamp(3, Timestamp.from(windowStart));
            return s.executeUpdate() == 1;
        }
    }

    private static void recordNotice(Connection c, String appId, String noticeId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE oauth_app SET mass_revocation_notice_id = ? WHERE id = ?")) {
            s.setString(1, noticeId);
            s.setString(2, appId);
            s.executeUpdate();
        }
    }

    /** The flagged notice counts every failure of the window seen so far (never less than before). */
    private static void raiseCount(Connection c, String appId, int count) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE notice SET affected = ? WHERE affected < ? AND id ="
                + " (SELECT mass_revocation_notice_id FROM oauth_app WHERE id = ?)")) {
            s.setInt(1, count);
            s.setInt(2, count);
            s.setString(3, appId);
            s.executeUpdate();
        }
    }
}

package io.tokenvault.webhooks.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code webhook_subscription} and {@code webhook_delivery} tables, tenant named in every statement (except the
 * dispatcher's, which works across tenants by delivery id). Auto-commit statements; thread-safe.
 */
public final class WebhookStore {

    /** A subscription as stored: its signing secret sealed. */
    public record Subscription(String id, String tenantId, String url, List<String> events, String secretCiphertext,
            long secretKeyId, Instant createdAt) {

        public boolean wants(String eventType) {
            return events.contains(eventType);
        }
    }

    public enum Status { PENDING, DELIVERED, DEAD }

    /** A delivery: one event for one subscription, with its attempts so far. */
    public record Delivery(String id, String tenantId, String subscriptionId, String eventType, String payload,
            Status status, int attempts, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatus,
            String lastError, Instant createdAt, Instant deliveredAt) {
    }

    private static final String SUBSCRIPTION = "id, tenant_id, url, events, secret_ct, secret_key_id, created_at";
    private static final String DELIVERY = "id, tenant_id, subscription_id, event_type, payload, status, attempts,"
            + " next_attempt_at, last_attempt_at, last_status, last_error, created_at, delivered_at";

    private final DataSource dataSource;

    public WebhookStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    public void insert(Subscription s) {
        update("INSERT INTO webhook_subscription (" + SUBSCRIPTION + ", version) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                p -> {
                    p.setString(1, s.id());
                    p.setString(2, s.tenantId());
                    p.setString(3, s.url());
                    p.setString(4, String.join(" ", s.events()));
                    p.setString(5, s.secretCiphertext());
                    p.setLong(6, s.secretKeyId());
                    p.setTimestamp(7, Timestamp.from(s.createdAt()));
                });
    }

    public List<Subscription> subscriptions(String tenantId) {
        return query("SELECT " + SUBSCRIPTION + " FROM webhook_subscription WHERE tenant_id = ? ORDER BY created_at, id",
                p -> p.setString(1, tenantId), WebhookStore::subscription);
    }

    public Optional<Subscription> subscription(String tenantId, String id) {
        return query("SELECT " + SUBSCRIPTION + " FROM webhook_subscription WHERE tenant_id = ? AND id = ?", p -> {
            p.setString(1, tenantId);
            p.setString(2, id);
        }, WebhookStore::subscription).stream().findFirst();
    }

    /** Deletes the subscription and its deliveries (pending ones are not sent any more). */
    public boolean delete(String tenantId, String id) {
        update("DELETE FROM webhook_delivery WHERE tenant_id = ? AND subscription_id = ?", p -> {
            p.setString(1, tenantId);
            p.setString(2, id);
        });
        return update("DELETE FROM webhook_subscription WHERE tenant_id = ? AND id = ?", p -> {
            p.setString(1, tenantId);
            p.setString(2, id);
        }) == 1;
    }

    public void insert(Delivery d) {
        update("INSERT INTO webhook_delivery (" + DELIVERY + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?,"
                + " NULL)", p -> {
                    p.setString(1, d.id());
                    p.setString(2, d.tenantId());
                    p.setString(3, d.subscriptionId());
                    p.setString(4, d.eventType());
                    p.setString(5, d.payload());
                    p.setString(6, d.status().name());
                    p.setInt(7, d.attempts());
                    p.setTimestamp(8, Timestamp.from(d.nextAttemptAt()));
                    p.setTimestamp(9, Timestamp.from(d.createdAt()));
                });
    }

    /** A subscription's delivery log, newest first. */
    public List<Delivery> deliveries(String tenantId, String subscriptionId, int offset, int limit) {
        return query("SELECT " + DELIVERY + " FROM webhook_delivery WHERE tenant_id = ? AND subscription_id = ?"
                + " ORDER BY created_at DESC, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", p -> {
                    p.setString(1, tenantId);
                    p.setString(2, subscriptionId);
                    p.setInt(3, offset);
                    p.setInt(4, limit);
                }, WebhookStore::delivery);
    }

    public Optional<Delivery> delivery(String tenantId, String id) {
        return query("SELECT " + DELIVERY + " FROM webhook_delivery WHERE tenant_id = ? AND id = ?", p -> {
            p.setString(1, tenantId);
            p.setString(2, id);
        }, WebhookStore::delivery).stream().findFirst();
    }

    /** Ids of deliveries due now and not leased, oldest due first. */
    public List<String> due(Instant now, int limit) {
        return query("SELECT id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= ?"
                + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id"
                + " FETCH FIRST " + limit + " ROWS ONLY", p -> {
                    p.setTimestamp(1, Timestamp.from(now));
                    p.setTimestamp(2, Timestamp.from(now));
                }, rs -> rs.getString(1));
    }

    /** Claims a due delivery for one send attempt: exactly one node wins it. */
    public Optional<Delivery> claim(String id, String owner, Instant now, Instant until) {
        int claimed = update("UPDATE webhook_delivery SET lease_owner = ?, lease_until = ? WHERE id = ?"
                + " AND status = 'PENDING' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)", p -> {
                    p.setString(1, owner);
                    p.setTimestamp(2, Timestamp.from(until));
                    p.setString(3, id);
                    p.setTimestamp(4, Timestamp.from(now));
                    p.setTimestamp(5, Timestamp.from(now));
                });
        if (claimed != 1) {
            return Optional.empty();
        }
        return query("SELECT " + DELIVERY + " FROM webhook_delivery WHERE id = ?", p -> p.setString(1, id),
                WebhookStore::delivery).stream().findFirst();
    }

    /** Records an attempt: delivered, or failed with the next try at {@code next} (null: dead, no more tries). */
    public void recordAttempt(String id, String owner, Instant at, Integer httpStatus, String error, boolean delivered,
            Instant next) {
        Status status = delivered ? Status.DELIVERED : next == null ? Status.DEAD : Status.PENDING;
        update("UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, last_attempt_at = ?, last_status = ?,"
                + " last_error = ?, next_attempt_at = ?, delivered_at = ?, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = ? AND lease_owner = ?", p -> {
                    p.setString(1, status.name());
                    p.setTimestamp(2, Timestamp.from(at));
                    if (httpStatus == null) {
                        p.setNull(3, Types.INTEGER);
                    } else {
                        p.setInt(3, httpStatus);
                    }
                    p.setString(4, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
                    p.setTimestamp(5, next == null ? null : Timestamp.from(next));
                    p.setTimestamp(6, delivered ? Timestamp.from(at) : null);
                    p.setString(7, id);
                    p.setString(8, owner);
                });
    }

    /** Puts a delivered or dead delivery back in the queue, due now, with a fresh count of tries. */
    public boolean redeliver(String tenantId, String id, Instant now) {
        return update("UPDATE webhook_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = ?,"
                + " delivered_at = NULL WHERE tenant_id = ? AND id = ? AND status <> 'PENDING'", p -> {
                    p.setTimestamp(1, Timestamp.from(now));
                    p.setString(2, tenantId);
                    p.setString(3, id);
                }) == 1;
    }

    /** Deletes delivered and dead deliveries created before {@code before} (the log's retention). */
    public int purge(Instant before) {
        return update("DELETE FROM webhook_delivery WHERE status <> 'PENDING' AND created_at < ?",
                p -> p.setTimestamp(1, Timestamp.from(before)));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write webhooks: " + e.getSQLState(), e);
        }
    }

    private <T> List<T> query(String sql, Binder binder, Reader<T> reader) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read webhooks: " + e.getSQLState(), e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Subscription subscription(ResultSet rs) throws SQLException {
        return new Subscription(rs.getString("id"), rs.getString("tenant_id"), rs.getString("url"),
                Arrays.asList(rs.getString("events").split(" ")), rs.getString("secret_ct"),
                rs.getLong("secret_key_id"), instant(rs, "created_at"));
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        int lastStatus = rs.getInt("last_status");
        Integer status = rs.wasNull() ? null : lastStatus;
        return new Delivery(rs.getString("id"), rs.getString("tenant_id"), rs.getString("subscription_id"),
                rs.getString("event_type"), rs.getString("payload"), Status.valueOf(rs.getString("status")),
                rs.getInt("attempts"), instant(rs, "next_attempt_at"), instant(rs, "last_attempt_at"), status,
                rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "delivered_at"));
    }
}

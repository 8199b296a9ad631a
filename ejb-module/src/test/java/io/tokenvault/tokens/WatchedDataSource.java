package io.tokenvault.tokens;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One node's view of the database: counts every connection it opens, and lets a test step in exactly once just before
 * or just after a statement runs ("after this node claimed the lease, another node ..."), which makes interleavings
 * that are races in production deterministic here. The step runs on the node's own thread, inside its call.
 */
final class WatchedDataSource implements DataSource {

    /** Statements of the engine, recognised by their SQL. */
    static final Predicate<String> CLAIM_LEASE = sql -> sql.startsWith("UPDATE connection SET lease_owner = ?");
    static final Predicate<String> STORE_REFRESHED = sql -> sql.startsWith("UPDATE connection SET access_token_hash");
    static final Predicate<String> READ_ROW = sql -> sql.startsWith("SELECT") && sql.contains("FROM connection");

    private record Step(Predicate<String> sql, boolean before, Runnable action) {
    }

    private final DataSource target;
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final List<Step> steps = new CopyOnWriteArrayList<>();

    WatchedDataSource(DataSource target) {
        this.target = Objects.requireNonNull(target);
    }

    /** Connections this node opened so far (any statement at all needs one). */
    long connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Runs {@code action} once, just before the next statement matching {@code sql} executes. */
    void onceBefore(Predicate<String> sql, Runnable action) {
        steps.add(new Step(sql, true, action));
    }

    /** Runs {@code action} once, just after the next statement matching {@code sql} executed (and committed). */
    void onceAfter(Predicate<String> sql, Runnable action) {
        steps.add(new Step(sql, false, action));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return watch(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return watch(target.getConnection(username, password));
    }

    private Connection watch(Connection connection) {
        connectionsOpened.incrementAndGet();
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(connection, method, args);
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                return watch((PreparedStatement) result, sql);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private PreparedStatement watch(PreparedStatement statement, String sql) {
        InvocationHandler handler = (proxy, method, args) -> {
            boolean executes = method.getName().startsWith("execute");
            if (executes) {
                take(sql, true).ifPresent(Runnable::run);
            }
            Object result = invoke(statement, method, args);
            if (executes) {
                take(sql, false).ifPresent(Runnable::run);
            }
            return result;
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private Optional<Runnable> take(String sql, boolean before) {
        for (Step step : steps) {
            if (step.before() == before && step.sql().test(sql) && steps.remove(step)) {
                return Optional.of(step.action());
            }
        }
        return Optional.empty();
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return target.isWrapperFor(type);
    }
}

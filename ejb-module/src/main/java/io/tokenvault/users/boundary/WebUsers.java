package io.tokenvault.users.boundary;

import io.tokenvault.apikeys.entity.ApiKey;
import io.tokenvault.platform.boundary.ConflictException;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import io.tokenvault.tenancy.boundary.Tenants;
import io.tokenvault.users.control.InviteTokens;
import io.tokenvault.users.control.LoginThrottle;
import io.tokenvault.users.control.PasswordHash;
import io.tokenvault.users.control.WebUser;
import io.tokenvault.users.control.WebUserStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Web UI users: login with throttling, the users of a tenant, invitations and removal. A logged-in user becomes a
 * {@link Caller} ({@code user:<name>}, its role, its tenant), so every other boundary treats it like an API key of the
 * same role and tenant. Tenant admins manage the users of their own tenant; platform admins those of any tenant.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebUsers {

    /** What a login attempt came to. */
    public enum Outcome { OK, INVALID, THROTTLED }

    /** A login attempt's outcome: the caller when it succeeded, the wait when it was throttled. */
    public record Login(Outcome outcome, Caller caller, Duration retryAfter) {
    }

    /** What the invitation page shows before the password is chosen. */
    public record PendingInvitation(String username, String tenant, Instant expiresAt) {
    }

    /** 3-31 characters: with its {@code user:} prefix a caller id fits every column that records who acted. */
    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{2,30}");
    static final Duration INVITATION_LIFETIME = Duration.ofDays(3);
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 200;
    public static final String CALLER_PREFIX = "user:";
    private static final Logger LOG = Logger.getLogger(WebUsers.class.getName());

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    LoginThrottle throttle;

    @Inject
    Tenants tenants;

    @Inject
    Clock clock;

    private WebUserStore store;

    @PostConstruct
    void init() {
        store = new WebUserStore(dataSource);
    }

    /** Checks a user name and password; failures are counted per name and throttled. */
    public Login authenticate(String username, char[] password) {
        String name = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        Optional<Duration> wait = throttle.waitFor(name);
        if (wait.isPresent()) {
            LOG.info("A login was refused: throttled after failed attempts for that user name");
            return new Login(Outcome.THROTTLED, null, wait.get());
        }
        Optional<WebUser> user = name.isEmpty() || name.length() > 64 ? Optional.empty() : store.byUsername(name);
        boolean valid = password != null && password.length <= MAX_PASSWORD
                && PasswordHash.verify(password, user.map(WebUser::passwordHash).orElse(null));
        if (!valid || user.isEmpty()) {
            throttle.failed(name);
            // an unknown name may be a password typed into the wrong field: only known names are logged
            LOG.info(() -> user.isPresent() ? "Failed login for user '" + user.get().username() + "'"
                    : "Failed login for an unknown user name");
            return new Login(Outcome.INVALID, null, null);
        }
        throttle.succeeded(name);
        if (PasswordHash.needsRehash(user.get().passwordHash())) {
            store.setPassword(user.get().id(), PasswordHash.hash(password));
        }
        LOG.info(() -> "User '" + name + "' logged in");
        return new Login(Outcome.OK, callerOf(user.get()), null);
    }

    /** The caller a logged-in user still is, if the user still exists (a removed user loses its sessions). */
    public Optional<Caller> current(String username) {
        return store.byUsername(username).filter(u -> !u.isInvited()).map(WebUsers::callerOf);
    }

    public List<UserView> list(Caller caller, String tenantId) {
        requireUserAdmin(caller, tenantId);
        return store.ofTenant(tenantId).stream().map(UserView::of).toList();
    }

    /**
     * Invites a new tenant admin of the tenant: the user exists at once, without a password, and the returned
     * invitation's one-time link lets it choose one within {@link #INVITATION_LIFETIME}.
     */
    public Invitation invite(Caller caller, String tenantId, String username) {
        requireUserAdmin(caller, tenantId);
        String name = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw InvalidInputException.of("username", "must be 3-31 characters of a-z, 0-9, '.', '_', '@' and '-',"
                    + " starting with a letter or digit");
        }
        if (store.byUsername(name).isPresent()) {
            throw new ConflictException("User name '" + name + "' is taken");
        }
        String token = InviteTokens.generate();
        Instant now = clock.instant();
        WebUser user = new WebUser(UUID.randomUUID().toString(), name, tenantId, Role.TENANT_ADMIN, null,
                InviteTokens.hash(token), now.plus(INVITATION_LIFETIME), now, clip(caller.id()));
        store.insert(user);
        LOG.info(() -> "User '" + name + "' of tenant " + tenantId + " invited by " + caller.id());
        return new Invitation(UserView.of(user), token, user.inviteExpiresAt());
    }

    /** Removes a user of the tenant; a caller cannot remove itself. */
    public void remove(Caller caller, String tenantId, String userId) {
        requireUserAdmin(caller, tenantId);
        WebUser user = store.byId(userId).filter(u -> u.tenantId().equals(tenantId))
                .orElseThrow(() -> NoSuchResourceException.of("User", userId));
        if (caller.id().equals(CALLER_PREFIX + user.username())) {
            throw new ConflictException("You cannot remove yourself; ask another admin of the tenant");
        }
        store.delete(tenantId, userId);
        LOG.info(() -> "User '" + user.username() + "' of tenant " + tenantId + " removed by " + caller.id());
    }

    /** The invitation a token stands for, if it is valid and unused. */
    public Optional<PendingInvitation> findInvitation(String token) {
        return pending(token).map(u -> new PendingInvitation(u.username(), u.tenantId(), u.inviteExpiresAt()));
    }

    /** Sets the invited user's password and uses the invitation up; a token works once. */
    public String acceptInvitation(String token, char[] password, char[] repeated) {
        WebUser user = pending(token).orElseThrow(() -> new NoSuchResourceException(
                "This invitation link is not valid: it was used already, has expired, or was mistyped"));
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        if (password == null || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
            errors.add("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        } else if (repeated == null || !java.util.Arrays.equals(password, repeated)) {
            errors.add("repeated", "does not match the password");
        }
        errors.throwIfAny();
        if (!store.acceptInvitation(user.id(), user.inviteTokenHash(), PasswordHash.hash(password), clock.instant())) {
            throw new NoSuchResourceException("This invitation link was used already");
        }
        LOG.info(() -> "User '" + user.username() + "' of tenant " + user.tenantId() + " accepted the invitation");
        return user.username();
    }

    private Optional<WebUser> pending(String token) {
        if (!InviteTokens.looksLikeToken(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.byInviteTokenHash(InviteTokens.hash(token))
                .filter(u -> u.inviteExpiresAt() != null && u.inviteExpiresAt().isAfter(now));
    }

    private void requireUserAdmin(Caller caller, String tenantId) {
        if (ApiKey.PLATFORM.equals(tenantId) || !caller.mayAccessTenant(tenantId) || !tenants.exists(tenantId)) {
            throw NoSuchResourceException.of("Tenant", tenantId);
        }
        if (caller.role() == Role.WORKER) {
            throw new io.tokenvault.platform.boundary.ForbiddenActionException("Workers cannot manage users");
        }
    }

    static Caller callerOf(WebUser user) {
        return new Caller(CALLER_PREFIX + user.username(), user.role(), user.tenantId());
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64);
    }
}

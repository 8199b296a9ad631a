package io.tokenvault.notices.boundary;

import io.tokenvault.apps.control.AppRegistration;
import io.tokenvault.apps.control.AppRegistry;
import io.tokenvault.notices.control.Notice;
import io.tokenvault.notices.control.NoticeKind;
import io.tokenvault.notices.control.NoticePosted;
import io.tokenvault.notices.control.NoticeStore;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Tenant notices: posted by the services that find something many connections share (the expiry forecast, a client-ID
 * change, ...), read and acknowledged by tenant admins through {@code /api/v1/tenants/{t}/notices}.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Notices {

    private static final Logger LOG = Logger.getLogger(Notices.class.getName());
    private static final String WORKER_REFUSAL = "Notices are for tenant admins";
    private static final int MAX_PAGE_SIZE = 200;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    AppRegistry registry;

    @Inject
    Clock clock;

    @Inject
    Event<NoticePosted> posted;

    /**
     * Stores a notice and tells its observers; inside the caller's transaction when there is one, so that a notice
     * about a change is stored with the change. Never put a secret in the summary or the detail.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Notice post(String tenantId, NoticeKind kind, String appId, String summary, String detail, int affected,
            String affectedQuery) {
        Notice notice = new Notice(UUID.randomUUID().toString(), tenantId, kind, appId, summary, detail, affected,
                affectedQuery, clock.instant(), null, null);
        new NoticeStore(dataSource).insert(notice);
        LOG.info(() -> "Notice to tenant " + tenantId + " (" + kind + "): " + summary);
        posted.fire(new NoticePosted(notice));
        return notice;
    }

    public List<NoticeView> list(Caller caller, String tenantId, String state, String page, String size) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        boolean open = false;
        if (state != null && !state.isBlank()) {
            if (state.equalsIgnoreCase("open")) {
                open = true;
            } else if (!state.equalsIgnoreCase("all")) {
                errors.add("state", "must be open (not yet acknowledged) or all");
            }
        }
        InvalidInputException.Collector.Page paging = errors.page(page, size, 50, MAX_PAGE_SIZE);
        errors.throwIfAny();
        return new NoticeStore(dataSource).list(tenantId, open, paging.offset(), paging.size()).stream()
                .map(this::view).toList();
    }

    public NoticeView get(Caller caller, String tenantId, String id) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        return new NoticeStore(dataSource).find(tenantId, id).map(this::view)
                .orElseThrow(() -> NoSuchResourceException.of("Notice", id));
    }

    /** Marks the notice read; acknowledging it again changes nothing. */
    public NoticeView acknowledge(Caller caller, String tenantId, String id) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        NoticeStore store = new NoticeStore(dataSource);
        if (store.find(tenantId, id).isEmpty()) {
            throw NoSuchResourceException.of("Notice", id);
        }
        store.acknowledge(tenantId, id, caller.id(), clock.instant());
        return get(caller, tenantId, id);
    }

    private NoticeView view(Notice notice) {
        String appKey = notice.appId() == null ? null
                : registry.byId(notice.appId()).map(AppRegistration::appKey).orElse(null);
        return NoticeView.of(notice, appKey);
    }

}

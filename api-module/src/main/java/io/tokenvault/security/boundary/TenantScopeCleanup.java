package io.tokenvault.security.boundary;

import io.tokenvault.tenancy.control.TenantScope;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;

/** Closes whatever tenant scope a request opened, so a pooled thread never carries it into the next request. */
@WebListener
public class TenantScopeCleanup implements ServletRequestListener {

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        TenantScope.clear();
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        TenantScope.clear();
    }
}

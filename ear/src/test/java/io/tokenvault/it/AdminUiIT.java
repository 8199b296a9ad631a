package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin web UI in a real browser (headless Chromium): login and logout with throttling, registering an app, a
 * client-secret rollover whose progress bar runs to the end, a key rotation with progress, a connection that needs
 * re-authorization with its reason and link, disconnecting, and a tenant admin trying other tenants' data by URL and
 * by form value. Every page is saved as a screenshot under {@code target/screenshots}; no page and no log may show a
 * secret.
 *
 * <p>Tenants A and B come from the API; their admins are invited by the platform admin through the UI and choose
 * their passwords through their one-time links, as real users do.
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@ExtendWith(Browser.ScreenshotOnFailure.class)
@RunAsClient
class AdminUiIT {

    static final String ADMIN_PASSWORD = System.getProperty("tokenvault.it.admin.password");
    static final SecretLeakScan LEAKS = new SecretLeakScan();
    static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    static ProviderSimulator sim;
    static Browser browser;
    static VaultFixture a;
    static VaultFixture b;
    static String adminA;
    static String adminB;
    static String passwordA;
    static String passwordB;
    static String appB;
    static String connectionB;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.productEar();
    }

    @BeforeAll
    static void tenantsAndTheirAdmins() {
        sim = ProviderSimulator.start(SimulatorClock.ticking());
        remember(ADMIN_PASSWORD);
        a = new VaultFixture(sim, LEAKS, "uia");
        b = new VaultFixture(sim, LEAKS, "uib");
        SECRETS.add(a.workerKey);
        SECRETS.add(b.workerKey);
        appB = "crm-b";
        SimulatedClient clientB = b.app(appB);
        connectionB = b.connect(clientB, appB, "bob@b.example");
        browser = new Browser(SECRETS);
        Browser.ScreenshotOnFailure.current = browser;

        adminA = "admin-" + a.tenant;
        adminB = "admin-" + b.tenant;
        passwordA = "pw-a-" + UUID.randomUUID();
        passwordB = "pw-b-" + UUID.randomUUID();
        remember(passwordA);
        remember(passwordB);
        browser.login("admin", ADMIN_PASSWORD);
        browser.awaitHeading("Tenants");
        browser.page("platform-tenants");
        String linkA = invite(a.tenant, adminA);
        String linkB = invite(b.tenant, adminB);
        browser.logout();
        accept(linkA, adminA, passwordA);
        accept(linkB, adminB, passwordB);
    }

    @AfterEach
    void logOut() {
        browser.logout();
    }

    @AfterAll
    static void closeAndScanForLeaks() throws Exception {
        if (browser != null) {
            browser.close();
        }
        LEAKS.closeAndAssertNoLeaks(sim);
    }

    static void remember(String secret) {
        if (secret != null) {
            SECRETS.add(secret);
            LEAKS.remember(secret);
        }
    }

    /** On the tenants page (platform admin): invites a tenant admin; returns the one-time link shown once. */
    static String invite(String tenant, String username) {
        new Select(browser.find("#invite\\:inviteTenant")).selectByValue(tenant);
        browser.type("#invite\\:inviteUsername", username);
        browser.click("#invite\\:send-invite");
        String link = browser.awaitVisible("#invitation-link").getAttribute("value");
        assertThat(link).contains("/invite.xhtml?token=");
        browser.screenshot("platform-invitation-" + tenant);
        // the invitation's own page carries its token in its URL; everywhere else (pages, logs) it must not appear
        LEAKS.remember(link.substring(link.indexOf("token=") + 6));
        return link;
    }

    /** Opens an invitation link, sets the password; the link then works no more. */
    static void accept(String link, String username, String password) {
        String path = URI.create(link).getRawPath() + "?" + URI.create(link).getRawQuery();
        browser.open(path, "invitation-" + username);
        assertThat(browser.find("#invited-user").getText()).isEqualTo(username);
        browser.type("#f\\:password", password);
        browser.type("#f\\:repeated", password + "-typo");
        browser.click("#f\\:accept");
        assertThat(browser.awaitVisible(".field-error").getText()).contains("does not match");
        browser.type("#f\\:password", password);
        browser.type("#f\\:repeated", password);
        browser.click("#f\\:accept");
        browser.await(ExpectedConditions.urlContains("/login.xhtml"));
        browser.page("invitation-accepted-" + username);
        browser.open(path, "invitation-used-" + username);
        assertThat(browser.find("#invalid-invitation").getText()).contains("not valid");
    }

    @Test
    void loginLogoutAndFailedLoginThrottling() throws Exception {
        browser.open("/apps/index.xhtml", "anonymous-redirected-to-login");
        assertThat(browser.driver.getCurrentUrl()).contains("/login.xhtml");

        browser.open("/login.xhtml", "login");
        browser.type("#f\\:username", adminA);
        browser.type("#f\\:password", "wrong-password-1");
        browser.click("#f\\:login");
        assertThat(browser.awaitVisible(".field-error").getText()).isEqualTo("Unknown user name or wrong password.");
        browser.page("login-failed");

        browser.login(adminA, passwordA);
        browser.awaitHeading("Dashboard");
        assertThat(browser.find("#who").getText()).contains(adminA).contains(a.tenant);
        browser.page("dashboard");
        browser.phoneWidth(true);
        browser.page("dashboard-phone-width");
        browser.phoneWidth(false);

        browser.click("#logout\\:logout-button");
        browser.await(ExpectedConditions.urlContains("/login.xhtml"));
        assertThat(browser.find("#logged-out").getText()).contains("logged out");
        browser.page("logged-out");
        browser.open("/apps/index.xhtml", "after-logout-redirected-to-login");
        assertThat(browser.driver.getCurrentUrl()).contains("/login.xhtml");

        String someone = "nobody-" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 5; i++) {
            browser.open("/login.xhtml", "throttle");
            browser.type("#f\\:username", someone);
            browser.type("#f\\:password", "guess-" + i);
            browser.click("#f\\:login");
            browser.awaitVisible(".field-error");
        }
        browser.open("/login.xhtml", "throttle");
        browser.type("#f\\:username", someone);
        browser.type("#f\\:password", "guess-again");
        browser.click("#f\\:login");
        assertThat(browser.awaitVisible(".field-error").getText()).startsWith("Too many failed logins");
        browser.page("login-throttled");

        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(Api.baseUrl() + "/login.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        assertThat(login.body()).contains("jakarta.faces.ViewState");
    }

    @Test
    void registerAnAppAndRollItsSecretOverWatchingTheProgressBar() {
        String clientId = "ui-client-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "ui-secret-" + UUID.randomUUID();
        remember(secret);
        SimulatedClient client = sim.registerClient(clientId, secret);
        browser.login(adminA, passwordA);
        browser.click("#nav-apps");
        browser.awaitHeading("Apps");
        browser.page("apps-empty");
        browser.click("#new-app");
        browser.awaitHeading("Register an app");
        browser.page("apps-register");

        // invalid input: the messages stand beside the fields they concern
        browser.type("#f\\:app", "crm");
        new Select(browser.find("#f\\:provider")).selectByValue("oauth2");
        browser.click("#f\\:save");
        browser.awaitVisible(".field-error");
        String html = browser.page("apps-register-invalid");
        assertThat(html).contains("clientId is required").contains("tokenEndpoint is required");

        browser.type("#f\\:clientId", clientId);
        browser.type("#f\\:clientSecret", secret);
        browser.type("#f\\:scopes", "files.read");
        browser.type("#f\\:tokenEndpoint", sim.tokenEndpoint().toString());
        browser.type("#f\\:authorizationEndpoint", sim.authorizationEndpoint().toString());
        browser.type("#f\\:revocationEndpoint", sim.revocationEndpoint().toString());
        browser.click("#f\\:save");
        browser.awaitHeading("App crm");
        html = browser.page("apps-registered");
        assertThat(html).contains("App crm registered.").contains(clientId);
        assertThat(browser.find(".fingerprint").getText()).isNotBlank();
        assertThat(browser.find("#f\\:clientSecret").getAttribute("value")).isEmpty();
        Reply stored = a.admin.get("/api/v1/tenants/" + a.tenant + "/apps/crm");
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().getString("clientId")).isEqualTo(clientId);

        for (int i = 0; i < 8; i++) {
            a.connect(client, "crm", "user-" + i + "@a.example");
        }
        browser.open("/apps/index.xhtml", "apps-list");
        assertThat(browser.find("#apps").getText()).contains("crm").contains(clientId);

        String next = "ui-next-secret-" + UUID.randomUUID();
        remember(next);
        client.addSecret(next);
        browser.click("#apps a[href*='rollover']");
        browser.awaitVisible("#f\\:clientSecret");
        browser.page("rollover-wizard");
        browser.type("#f\\:clientSecret", next);
        browser.type("#f\\:gracePeriodHours", "0");
        browser.type("#f\\:revalidateRatePerSecond", "2");
        browser.click("#f\\:start");
        browser.awaitVisible("#progress-bar");
        browser.page("rollover-progress");
        // the bar is updated in place from the progress endpoint, without reloading the page
        ((JavascriptExecutor) browser.driver).executeScript("window.tokenvaultSamePage = true;");
        String updatedInPlace = browser.await(d -> {
            Object polls = ((JavascriptExecutor) d).executeScript("var box = document.getElementById('progress');"
                    + " return window.tokenvaultSamePage === true && box && box.getAttribute('data-polls');");
            return polls instanceof String ? "updated in place"
                    : d.findElements(By.id("outcome")).isEmpty() ? null : "ended before any update";
        });
        assertThat(updatedInPlace).as("the progress bar was updated by the page's script before the job ended")
                .isEqualTo("updated in place");
        browser.screenshot("rollover-progress-moving");
        browser.awaitVisible("#outcome");
        html = browser.page("rollover-completed");
        assertThat(browser.find("#progress-status").getText()).isEqualTo("COMPLETED");
        assertThat(browser.find("#progress-bar").getAttribute("value")).isEqualTo("100");
        assertThat(browser.find("#progress-text").getText()).contains("100%").contains("of 8");
        assertThat(browser.find("#outcome").getText()).contains("ACTIVE");
        assertThat(html).contains("RETIRED");

        // a scope change: the page says which connections now lack a scope and need re-consent
        browser.open("/apps/edit.xhtml?app=crm", "apps-edit");
        assertThat(browser.find("#needing-consent").getText()).startsWith("0 connection(s)");
        browser.type("#f\\:scopes", "files.read files.write");
        browser.click("#f\\:save");
        browser.awaitVisible("#messages .info");
        browser.page("apps-scope-added");
        assertThat(browser.find("#needing-consent").getText()).startsWith("8 connection(s)");
        browser.click("#needing-consent a");
        browser.awaitHeading("Connections");
        browser.page("connections-needing-consent");
        assertThat(browser.find("#total").getText()).startsWith("8 connection(s) lacking");
    }

    @Test
    void aConnectionThatNeedsReauthorizationShowsItsReasonAndLinkAndCanBeDisconnected() {
        SimulatedClient client = a.app("drive");
        SeededGrant grant = sim.issueGrant(client.clientId(), "carol@a.example", "files.read");
        String id = a.importGrant("drive", "carol@a.example", grant.refreshToken(), null, null);
        sim.revokeGrant(grant.grantId());
        assertThat(a.token(id).status()).isEqualTo(409);

        browser.login(adminA, passwordA);
        browser.awaitHeading("Dashboard");
        assertThat(browser.find("#failures").getText()).contains("carol@a.example").contains("revoked");
        browser.page("dashboard-with-failure");
        browser.click("#nav-connections");
        browser.awaitHeading("Connections");
        new Select(browser.find("#status")).selectByValue("NEEDS_REAUTH");
        browser.type("#user", "CAROL");
        browser.click("#apply-filter");
        browser.await(ExpectedConditions.urlContains("status=NEEDS_REAUTH"));
        String list = browser.page("connections-needs-reauth");
        assertThat(browser.find("#total").getText()).startsWith("1 connection");
        assertThat(list).contains("carol@a.example");
        browser.click("#connections a[href*='connection.xhtml']");
        browser.awaitVisible("#reauthorization-url");
        browser.page("connection-needs-reauth");
        assertThat(browser.find("#status").getText()).isEqualTo("NEEDS_REAUTH");
        assertThat(browser.find("#reason").getText()).isEqualTo("revoked");
        assertThat(browser.find("#remedy").getText()).isNotBlank();
        assertThat(browser.find("#reauthorization-url").getAttribute("value"))
                .startsWith(Api.baseUrl() + "/oauth/reauthorize?");
        browser.click("#copy-link");
        browser.await(ExpectedConditions.textToBe(By.id("copy-link"), "Copied"));

        browser.click("#disconnect-link");
        browser.awaitVisible("#confirm-question");
        browser.page("connection-disconnect-confirm");
        assertThat(a.admin.get("/api/v1/tenants/" + a.tenant + "/connections/" + id).status())
                .as("opening the confirmation (a GET) changes nothing").isEqualTo(200);
        browser.click("#f\\:confirm");
        browser.awaitHeading("Connections");
        browser.page("connection-disconnected");
        assertThat(a.admin.get("/api/v1/tenants/" + a.tenant + "/connections/" + id).status()).isEqualTo(404);

        browser.open("/audit/index.xhtml", "audit");
        assertThat(browser.find("#audit").getText()).contains("Connections.delete").contains("user:" + adminA);
        browser.open("/jobs/index.xhtml", "jobs-tenant");
        browser.open("/users/index.xhtml", "users");
        assertThat(browser.find("#users").getText()).contains(adminA);
    }

    @Test
    void keyRotationShowsItsProgressAndDestroyIsGuarded() {
        String app = "box-" + UUID.randomUUID().toString().substring(0, 4);
        SimulatedClient client = a.app(app);
        List<String> connections = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            connections.add(a.connect(client, app, "rot-" + i));
        }
        browser.login("admin", ADMIN_PASSWORD);
        browser.click("#nav-keys");
        browser.awaitHeading("Encryption keys");
        browser.page("keys");
        String section = "#keys-" + a.tenant;
        assertThat(browser.find(section).getText()).contains("PRIMARY");
        assertThat(browser.driver.findElements(By.cssSelector(section + " input[value='Destroy']")))
                .as("the primary key cannot be destroyed").isEmpty();

        new Select(browser.find("#f\\:rotateTenant")).selectByValue(a.tenant);
        browser.click("#f\\:rotate");
        browser.awaitVisible("#progress-bar");
        browser.page("keys-rotation-progress");
        browser.await(ExpectedConditions.textToBe(By.id("progress-status"), "COMPLETED"));
        browser.awaitVisible(section);
        browser.page("keys-rotation-completed");
        assertThat(browser.find("#progress-bar").getAttribute("value")).isEqualTo("100");
        assertThat(browser.find("#progress-text").getText()).contains("100%");
        List<org.openqa.selenium.WebElement> rows = browser.driver.findElements(By.cssSelector(section + " tr.key-row"));
        assertThat(rows).hasSize(2);
        org.openqa.selenium.WebElement old = browser.find(section + " tr.key-row[data-state='ENABLED']");
        String oldKey = old.getAttribute("data-key");
        assertThat(old.findElement(By.cssSelector(".rows")).getText()).isEqualTo("0");

        old.findElement(By.cssSelector("input[value='Disable']")).click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                section + " tr.key-row[data-key='" + oldKey + "'][data-state='DISABLED']")));
        browser.page("keys-disabled");
        browser.find(section + " tr.key-row[data-key='" + oldKey + "'] input[value='Destroy']").click();
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                section + " tr.key-row[data-key='" + oldKey + "'][data-state='DESTROYED']")));
        browser.page("keys-destroyed");
        browser.open("/jobs/index.xhtml", "jobs-platform");
        assertThat(browser.find("#jobs").getText()).contains("rotate-encryption-key");
        for (String id : connections) {
            // every value of the tenant still decrypts after its old key was destroyed
            Reply token = a.token(id);
            assertThat(token.status()).as(token.toString()).isEqualTo(200);
        }
    }

    @Test
    void aTenantAdminCannotSeeOrChangeAnotherTenantsDataByUrlOrFormValue() throws Exception {
        String jobB = startRolloverOfB();
        Reply appBefore = b.admin.get("/api/v1/tenants/" + b.tenant + "/apps/" + appB);
        browser.login(adminA, passwordA);
        browser.awaitHeading("Dashboard");

        assertNotFound("/apps/edit.xhtml?app=" + appB, "cross-tenant-app");
        assertNotFound("/apps/rollover.xhtml?app=" + appB, "cross-tenant-rollover");
        assertNotFound("/connections/connection.xhtml?id=" + connectionB, "cross-tenant-connection");
        assertNotFound("/connections/disconnect.xhtml?id=" + connectionB, "cross-tenant-disconnect");
        assertNotFound("/jobs/job.xhtml?id=" + jobB, "cross-tenant-job");
        Reply hookB = b.admin.post("/api/v1/tenants/" + b.tenant + "/webhooks",
                "{\"url\":\"http://127.0.0.1:9/hook-of-b\",\"events\":[\"connection.status_changed\"]}");
        assertThat(hookB.status()).as(hookB.toString()).isEqualTo(201);
        remember(hookB.json().getString("secret"));
        assertNotFound("/webhooks/webhook.xhtml?id=" + hookB.json().getString("id"), "cross-tenant-webhook");
        browser.open("/webhooks/index.xhtml", "cross-tenant-webhooks-list");
        assertThat(browser.driver.getPageSource()).doesNotContain("hook-of-b");
        browser.open("/ui/jobs/progress?id=" + jobB, "cross-tenant-job-progress");
        assertThat(browser.driver.getPageSource()).contains("404").doesNotContain(b.tenant);
        browser.open("/connections/index.xhtml?app=" + appB, "cross-tenant-connections-filter");
        assertThat(browser.driver.getPageSource()).doesNotContain("bob@b.example");
        browser.open("/crypto/keys.xhtml", "cross-role-keys");
        assertThat(browser.driver.getTitle()).startsWith("Not allowed");
        browser.open("/tenancy/tenants.xhtml", "cross-role-tenants");
        assertThat(browser.driver.getTitle()).startsWith("Not allowed");

        // a form posted with another tenant's ids: the user to remove
        String userB = userIdOfB();
        browser.open("/users/index.xhtml", "users-before-forged-remove");
        ((JavascriptExecutor) browser.driver).executeScript(
                "document.querySelector(\"#users input[name='remove']\").value = arguments[0];", userB);
        browser.find("#users input[value='Remove']").click();
        browser.await(ExpectedConditions.titleContains("Not found"));
        browser.page("cross-tenant-forged-remove");

        // a registration form naming B's app registers (or edits) A's own app of that name, never B's
        browser.open("/apps/edit.xhtml", "cross-tenant-register-same-key");
        browser.type("#f\\:app", appB);
        new Select(browser.find("#f\\:provider")).selectByValue("oauth2");
        browser.type("#f\\:clientId", "attacker-client");
        browser.type("#f\\:clientSecret", "attacker-secret-value");
        remember("attacker-secret-value");
        browser.type("#f\\:tokenEndpoint", sim.tokenEndpoint().toString());
        browser.click("#f\\:save");
        browser.awaitHeading("App " + appB);
        browser.page("cross-tenant-register-same-key-done");

        // B's data is as it was
        Reply appAfter = b.admin.get("/api/v1/tenants/" + b.tenant + "/apps/" + appB);
        assertThat(appAfter.json().getString("clientId")).isEqualTo(appBefore.json().getString("clientId"));
        assertThat(appAfter.json().getJsonArray("clientSecrets")).isEqualTo(appBefore.json().getJsonArray("clientSecrets"));
        assertThat(b.admin.get("/api/v1/tenants/" + b.tenant + "/connections/" + connectionB).status()).isEqualTo(200);
        assertThat(a.admin.get("/api/v1/tenants/" + a.tenant + "/apps/" + appB).json().getString("clientId"))
                .isEqualTo("attacker-client");
        browser.logout();
        browser.login(adminB, passwordB);
        browser.open("/users/index.xhtml", "tenant-b-users-intact");
        assertThat(browser.find("#users").getText()).contains(adminB);

        // B's own failed job: B sees it and may restart it
        browser.open("/jobs/index.xhtml", "tenant-b-jobs");
        assertThat(browser.find("#jobs").getText()).contains("FAILED").contains("Restart…");
        browser.open("/jobs/job.xhtml?id=" + jobB, "tenant-b-failed-job");
        browser.click("#f\\:restart");
        browser.awaitVisible("#messages .info");
        browser.page("tenant-b-job-restarted");
        assertThat(browser.find("#messages").getText()).contains("restarted");
    }

    @Test
    void aTenantAdminIssuesAWorkerKeyOnceAndRevokesIt() {
        browser.login(adminA, passwordA);
        browser.click("#nav-apikeys");
        browser.awaitHeading("API keys");
        browser.page("apikeys");
        new Select(browser.find("#f\\:role")).selectByValue("worker");
        browser.type("#f\\:label", "sync worker from the UI");
        browser.click("#f\\:issue");
        String key = browser.awaitVisible("#issued-key").getAttribute("value");
        LEAKS.remember(key);
        browser.screenshot("apikeys-issued");
        String probe = "/api/v1/tenants/" + a.tenant + "/connections/" + UUID.randomUUID();
        assertThat(Api.withKey(key).get(probe).status()).as("the new worker key works").isEqualTo(404);
        SECRETS.add(key); // shown once: no page may show it again
        browser.open("/apikeys/index.xhtml", "apikeys-list");
        org.openqa.selenium.WebElement row = browser.driver.findElements(By.cssSelector("#keys tbody tr")).stream()
                .filter(r -> r.getText().contains("sync worker from the UI")).findFirst().orElseThrow();
        row.findElement(By.cssSelector("input[value='Revoke']")).click();
        browser.awaitVisible("#messages .info");
        browser.page("apikeys-revoked");
        assertThat(Api.withKey(key).get(probe).status()).as("the revoked key is refused").isEqualTo(401);
    }

    @Test
    void aTenantAdminSubscribesAWebhookSeesItsDeliveriesSendsOneAgainAndRemovesIt() throws Exception {
        SimulatedClient client = a.app("hooks-ui");
        try (WebhookReceiver receiver = new WebhookReceiver(0)) {
            browser.login(adminA, passwordA);
            browser.click("#nav-webhooks");
            browser.awaitHeading("Webhooks");
            browser.page("webhooks");

            browser.type("#f\\:url", "ftp://hooks.example.com/in");
            browser.click("#f\\:subscribe");
            assertThat(browser.awaitVisible(".field-error").getText()).as("beside the fields").contains("url");
            browser.page("webhooks-invalid");
            browser.type("#f\\:url", receiver.url());
            browser.find("input[value='connection.status_changed']").click();
            browser.click("#f\\:subscribe");
            String secret = browser.awaitVisible("#created-secret").getAttribute("value");
            assertThat(secret).isNotBlank();
            LEAKS.remember(secret);
            receiver.secret(secret);
            browser.screenshot("webhooks-subscribed");
            SECRETS.add(secret); // shown once: no page may show it again

            String connection = a.connect(client, "hooks-ui", "hook-ui-user");
            sim.revokeGrant(sim.grants(client.clientId(), "hook-ui-user").get(0).id());
            assertThat(a.token(connection).status()).isEqualTo(409);

            browser.open("/webhooks/index.xhtml", "webhooks-list");
            browser.find("#subscriptions a").click();
            browser.await(d -> {
                d.navigate().refresh();
                return d.findElement(By.id("deliveries")).getText().contains("DELIVERED");
            });
            browser.page("webhook-deliveries");
            assertThat(receiver.received()).isNotEmpty().allMatch(WebhookReceiver.Received::valid);
            int before = receiver.received().size();
            browser.find("#deliveries input[value='Send again']").click();
            browser.awaitVisible("#messages .info");
            browser.page("webhook-redelivered");
            browser.await(d -> receiver.received().size() > before);

            browser.open("/webhooks/index.xhtml", "webhooks-before-remove");
            browser.find("#subscriptions input[value='Remove']").click();
            browser.awaitVisible("#messages .info");
            browser.page("webhooks-removed");
            assertThat(a.admin.get("/api/v1/tenants/" + a.tenant + "/webhooks").body())
                    .doesNotContain(receiver.url());
        }
    }

    @Test
    void aTenantAdminReadsAndAppliesTheConfigurationDocument() {
        browser.login(adminA, passwordA);
        browser.click("#nav-config");
        browser.awaitHeading("Configuration");
        browser.page("configuration-xml");
        assertThat(browser.find("#current").getAttribute("value")).contains("<tenantConfiguration")
                .contains(a.tenant).doesNotContain(b.tenant);
        browser.click("#as-json");
        browser.await(ExpectedConditions.urlContains("format=json"));
        browser.page("configuration-json");
        String current = browser.find("#current").getAttribute("value");
        assertThat(current).startsWith("{").doesNotContain("clientSecret");

        // a document with a problem: nothing applied, the problem named with its path, no secret shown again
        new Select(browser.find("#f\\:format")).selectByValue("json");
        browser.type("#f\\:document", "{\"apps\":[{\"key\":\"cfg-ui\",\"provider\":\"no-such-provider\","
                + "\"clientId\":\"c\",\"clientSecret\":\"cfg-ui-secret-value\"}]}");
        remember("cfg-ui-secret-value");
        browser.click("#f\\:apply");
        browser.awaitVisible("#messages .error");
        String refused = browser.page("configuration-refused");
        assertThat(browser.find("#messages").getText()).contains("apps[0].provider");
        assertThat(refused).doesNotContain("cfg-ui-secret-value");
        assertThat(a.admin.get("/api/v1/tenants/" + a.tenant + "/apps/cfg-ui").status()).isEqualTo(404);

        // the current document with one more allowed return URL
        JsonObject document = Json.createReader(new StringReader(current)).readObject();
        JsonArrayBuilder urls = Json.createArrayBuilder();
        if (document.containsKey("allowedReturnUrls")) {
            document.getJsonArray("allowedReturnUrls").forEach(urls::add);
        }
        String extended = Json.createObjectBuilder(document)
                .add("allowedReturnUrls", urls.add("https://app.example.com/ui-back")).build().toString();
        new Select(browser.find("#f\\:format")).selectByValue("json");
        browser.type("#f\\:document", extended);
        browser.click("#f\\:apply");
        browser.awaitVisible("#messages .info");
        browser.page("configuration-applied");
        assertThat(browser.find("#current").getAttribute("value")).contains("https://app.example.com/ui-back");
        assertThat(a.admin.get("/api/v1/tenants/" + a.tenant + "/config").body())
                .contains("https://app.example.com/ui-back");
    }

    @Test
    void aFormPostedFromElsewhereChangesNothing() throws Exception {
        browser.login(adminA, passwordA);
        browser.open("/users/index.xhtml", "users-before-forged-posts");
        String session = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
        String forged = "forged-" + UUID.randomUUID().toString().substring(0, 6);
        String form = "f=f&f%3Ausername=" + forged + "&f%3Ainvite=Invite";
        // what a cross-site form could send with the session cookie: no view state, or a guessed one
        for (String body : List.of(form, form + "&jakarta.faces.ViewState=-1234567890%3A1234567890")) {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(Api.baseUrl() + "/users/index.xhtml"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", "JSESSIONID=" + session)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.body()).doesNotContain("Invitation link for").doesNotContain("Exception");
        }
        browser.open("/users/index.xhtml", "users-after-forged-posts");
        assertThat(browser.find("#users").getText()).doesNotContain(forged);
    }

    private void assertNotFound(String path, String screenshot) {
        browser.open(path, screenshot);
        assertThat(browser.driver.getTitle()).as(path).startsWith("Not found");
        assertThat(browser.driver.getPageSource()).doesNotContain(b.tenant).doesNotContain("bob@b.example");
    }

    /** Starts a secret rollover of B's app (through the API, as B would) and returns its job id. */
    private static String startRolloverOfB() throws InterruptedException {
        String next = "b-next-" + UUID.randomUUID();
        remember(next);
        Reply started = b.admin.post("/api/v1/tenants/" + b.tenant + "/apps/" + appB + "/secrets",
                "{\"clientSecret\":\"" + next + "\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String job = started.json().getJsonObject("job").getString("id");
        EncryptionKeyRotationIT.awaitEnd(job); // the provider refuses that secret: B's job ends FAILED
        return job;
    }

    /** B's admin's user id, as B's own users page shows it. */
    private static String userIdOfB() {
        browser.logout();
        browser.login(adminB, passwordB);
        browser.open("/users/index.xhtml", "tenant-b-users");
        String id = browser.find("#users input[name='remove']").getAttribute("value");
        browser.logout();
        browser.login(adminA, passwordA);
        return id;
    }
}

package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code chromium} driven headless through {@code chromium-driver}, for the admin UI's browser tests. Every
 * page a test looks at is saved as a screenshot under {@code target/screenshots} (and the page at the moment a test
 * failed, as {@code FAILED-...}), and checked for the secrets the test registered: none may ever appear in a page.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("tokenvault.it.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("tokenvault.it.chromedriver", "/usr/bin/chromedriver");

    final WebDriver driver;
    private final Path userDataDir;
    private final Path screenshots;
    private final Collection<String> secrets;
    private final AtomicInteger shots = new AtomicInteger();

    Browser(Collection<String> secrets) {
        this.secrets = secrets;
        try {
            userDataDir = Files.createTempDirectory("tokenvault-chromium-");
            screenshots = Path.of(System.getProperty("tokenvault.it.screenshots", "target/screenshots"));
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // pitfall 12 of the toolchain notes: what headless Chromium needs as root, and a profile of its own
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + userDataDir);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** Opens a page of the vault by path and returns its HTML, checked for secrets and saved as a screenshot. */
    String open(String path, String screenshot) {
        driver.get(Api.baseUrl() + path);
        return page(screenshot);
    }

    /** The current page's HTML, checked for secrets, saved as a screenshot. */
    String page(String screenshot) {
        String html = driver.getPageSource();
        for (String secret : secrets) {
            assertThat(html).as("page %s shows a secret", driver.getCurrentUrl()).doesNotContain(secret);
        }
        assertThat(html).as("no stack trace or server detail").doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("WildFly").doesNotContain("Mojarra");
        screenshot(screenshot);
        return html;
    }

    void screenshot(String name) {
        if (!(driver instanceof ChromeDriver chrome)) {
            return;
        }
        try {
            Path file = screenshots.resolve(String.format("%02d-%s.png", shots.incrementAndGet(), name));
            Files.write(file, chrome.getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.err.println("Cannot save screenshot " + name + ": " + e);
        }
    }

    WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    void type(String cssSelector, String text) {
        WebElement input = find(cssSelector);
        input.clear();
        input.sendKeys(text);
    }

    void click(String cssSelector) {
        find(cssSelector).click();
    }

    <T> T await(ExpectedCondition<T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(60)).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("TIMEOUT");
            System.err.println("Timed out on " + driver.getCurrentUrl() + ":\n" + driver.getPageSource());
            throw e;
        }
    }

    WebElement awaitVisible(String cssSelector) {
        return await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cssSelector)));
    }

    void awaitHeading(String text) {
        await(ExpectedConditions.textToBe(By.tagName("h1"), text));
    }

    /** Logs in through the login form and waits for the page after it. */
    void login(String username, String password) {
        open("/login.xhtml", "login-" + username);
        type("#f\\:username", username);
        type("#f\\:password", password);
        click("#f\\:login");
        await(ExpectedConditions.not(ExpectedConditions.urlContains("/login.xhtml")));
    }

    void logout() {
        if (!driver.findElements(By.id("logout:logout-button")).isEmpty()) {
            click("#logout\\:logout-button");
            await(ExpectedConditions.urlContains("/login.xhtml"));
        }
        driver.manage().deleteAllCookies();
    }

    void phoneWidth(boolean phone) {
        driver.manage().window().setSize(phone ? new Dimension(390, 844) : new Dimension(1280, 900));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(userDataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover profile in /tmp is harmless
        }
    }

    /** Saves the page on which a test failed. */
    static final class ScreenshotOnFailure implements TestWatcher {
        static volatile Browser current;

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            Browser browser = current;
            if (browser != null) {
                browser.screenshot("FAILED-" + context.getDisplayName().replaceAll("[^A-Za-z0-9]+", "_"));
            }
        }
    }
}

package io.tokenvault.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Webhook URLs: http(s) only, and no internal address unless the operator allows internal receivers (SSRF). */
class WebhookTargetsTest {

    final WebhookTargets strict = new WebhookTargets(false);
    final WebhookTargets lenient = new WebhookTargets(true);

    @Test
    void internalAddressesAreRefusedByDefault() {
        for (String url : new String[] {"http://127.0.0.1/hook", "http://localhost:8080/x", "http://10.1.2.3/x",
                "http://192.168.0.10/x", "http://172.16.5.4/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/x", "http://[fd00::1]/x", "http://0.0.0.0/x", "http://100.64.0.1/x"}) {
            assertThat(strict.problem(url)).as(url).hasValueSatisfying(p -> assertThat(p).contains("internal"));
            assertThat(lenient.problem(url)).as(url).isEmpty();
        }
    }

    @Test
    void publicAddressesAndBadUrlsAreToldApart() {
        assertThat(strict.problem("https://93.184.215.14/hooks/tokenvault")).isEmpty();
        assertThat(strict.problem("ftp://93.184.215.14/x")).contains("must be an http or https URL");
        assertThat(strict.problem("https://user:pw@93.184.215.14/x")).isPresent();
        assertThat(strict.problem("not a url")).isPresent();
        assertThat(strict.problem("")).contains("is required");
        assertThat(strict.problem("https://no-such-host.invalid/x")).hasValueSatisfying(
                p -> assertThat(p).contains("does not resolve"));
    }
}

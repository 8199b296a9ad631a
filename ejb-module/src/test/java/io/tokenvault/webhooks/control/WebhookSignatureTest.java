package io.tokenvault.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Signatures as the Standard Webhooks specification defines them, checked against its published example. */
class WebhookSignatureTest {

    // the example of the Standard Webhooks reference libraries' test suites
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final String BODY = "{\"test\": 2432232314}";
    static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsLikeTheReferenceImplementations() {
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void verifiesAnyV1SignatureOfTheHeaderAndNothingElse() {
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, "v1,bm90IGl0 " + EXPECTED)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP + 1, BODY, EXPECTED)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY + " ", EXPECTED)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "msg_other", TIMESTAMP, BODY, EXPECTED)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, "v2," + EXPECTED.substring(3))).isFalse();
        assertThat(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, "v1,%%%")).isFalse();
    }

    @Test
    void newSecretsAreRandomStandardSecrets() {
        String a = WebhookSignature.newSecret();
        String b = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_").hasSize("whsec_".length() + 44).isNotEqualTo(b);
        assertThat(WebhookSignature.verify(a, ID, TIMESTAMP, BODY, WebhookSignature.sign(a, ID, TIMESTAMP, BODY)))
                .isTrue();
        assertThatThrownBy(() -> WebhookSignature.sign("not-a-secret", ID, TIMESTAMP, BODY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("not-a-secret");
    }
}

package io.tokenvault.oauth.control;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.tokenvault.oauth.control.TokenResponseOutcome.Issued;
import io.tokenvault.oauth.control.TokenResponseOutcome.Rejected;
import io.tokenvault.oauth.control.TokenResponseOutcome.Unavailable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Answers the simulator does not produce: sloppy providers, HTTP-date Retry-After, odd statuses. */
class OutcomeReaderTest {

    private static final Instant SENT = Instant.parse("2030-01-01T00:00:00Z");
    private final OutcomeReader reader = new OutcomeReader(Duration.ofMinutes(1));

    private static HTTPResponse answer(int status, String body, String... headers) {
        HTTPResponse response = new HTTPResponse(status);
        for (int i = 0; i < headers.length; i += 2) {
            response.setHeader(headers[i], headers[i + 1]);
        }
        response.setBody(body);
        return response;
    }

    @Test
    void expiresInAsAStringMissingTokenTypeAndScopeAsAnArray() {
        TokenResponseOutcome outcome = reader.token(answer(200,
                "{\"access_token\":\"at\",\"expires_in\":\"3599\",\"scope\":[\"a\",\"b\"]}"), SENT);

        assertThat(outcome).isInstanceOfSatisfying(Issued.class, i -> {
            assertThat(i.tokenType()).isEqualTo("Bearer");
            assertThat(i.scopes()).containsExactlyInAnyOrder("a", "b");
            assertThat(i.expiresAt()).isEqualTo(SENT.plusSeconds(3599).minus(Duration.ofMinutes(1)));
        });
    }

    @Test
    void refreshTokenExpiresInCountsFromTheSendTime() {
        Issued announced = (Issued) reader.token(answer(200, "{\"access_token\":\"at\",\"expires_in\":3599,"
                + "\"refresh_token\":\"rt\",\"refresh_token_expires_in\":604799}"), SENT);
        Issued silent = (Issued) reader.token(answer(200, "{\"access_token\":\"at\",\"expires_in\":3599}"), SENT);

        assertThat(announced.refreshTokenExpiresAt()).contains(SENT.plusSeconds(604799));
        assertThat(silent.refreshTokenExpiresAt()).isEmpty();
    }

    @Test
    void commaSeparatedScopes() {
        TokenResponseOutcome outcome = reader.token(answer(200, "{\"access_token\":\"at\",\"scope\":\"repo,gist\"}"), SENT);

        assertThat(((Issued) outcome).scopes()).containsExactlyInAnyOrder("repo", "gist");
    }

    @Test
    void anErrorWithStatus200IsARefusal() {
        TokenResponseOutcome outcome = reader.token(answer(200,
                "{\"error\":\"bad_verification_code\",\"error_description\":\"The code passed is incorrect.\"}"), SENT);

        assertThat(outcome).isInstanceOfSatisfying(Rejected.class, r -> {
            assertThat(r.error()).isEqualTo("bad_verification_code");
            assertThat(r.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void aadstsCodeFromTheDescriptionAlone() {
        Rejected rejected = (Rejected) reader.token(answer(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS700082: The refresh token has expired.\"}"), SENT);

        assertThat(rejected.providerCodes()).containsExactly("AADSTS700082");
    }

    @Test
    void temporarilyUnavailableIsNotARefusal() {
        TokenResponseOutcome outcome = reader.token(answer(400, "{\"error\":\"temporarily_unavailable\"}"), SENT);

        assertThat(outcome).isInstanceOfSatisfying(Unavailable.class,
                u -> assertThat(u.kind()).isEqualTo(Unavailable.Kind.SERVER_ERROR));
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredAgainstTheProvidersDate() {
        TokenResponseOutcome outcome = reader.token(answer(503, "<html/>",
                "Date", "Tue, 01 Jan 2030 00:10:00 GMT", "Retry-After", "Tue, 01 Jan 2030 00:12:00 GMT"), SENT);

        assertThat(((Unavailable) outcome).retryAfter()).hasValue(Duration.ofMinutes(2));
    }

    @Test
    void a401WithoutBodyIsInvalidClientAndOther4xxAreUnrecognized() {
        assertThat(reader.token(answer(401, ""), SENT)).isEqualTo(
                new Rejected("invalid_client", Optional.empty(), Optional.empty(), java.util.List.of(), 401));
        assertThat(((Rejected) reader.token(answer(403, "<html>denied</html>"), SENT)).error())
                .isEqualTo(Rejected.UNRECOGNIZED_RESPONSE);
    }

    @Test
    void redirectsAndRequestTimeouts() {
        assertThat(((Unavailable) reader.token(answer(302, "", "Location", "https://elsewhere"), SENT)).kind())
                .isEqualTo(Unavailable.Kind.MALFORMED_RESPONSE);
        assertThat(((Unavailable) reader.token(answer(408, ""), SENT)).kind()).isEqualTo(Unavailable.Kind.TIMEOUT);
    }

    @Test
    void googleInvalidTokenOnRevocationMeansAlreadyRevoked() {
        assertThat(reader.revocation(answer(400, "{\"error\":\"invalid_token\",\"error_description\":\"Token expired or revoked\"}"),
                SENT)).isEqualTo(new RevocationOutcome.Revoked(400));
        assertThat(reader.revocation(answer(400, "{\"error\":\"unsupported_token_type\"}"), SENT))
                .isInstanceOf(Rejected.class);
    }

    @Test
    void anUnparseableJwtIsIgnored() {
        assertThat(OutcomeReader.jwtExpiry("a.b.c")).isEmpty();
        assertThat(OutcomeReader.jwtExpiry("opaque")).isEmpty();
    }
}

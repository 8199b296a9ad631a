package io.tokenvault.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Makes token and code values: random opaque strings, or RS256 JWTs signed with an in-memory key. */
final class TokenMinter {

    private final SecureRandom random = new SecureRandom();
    private RSAKey signingKey;

    String opaque(String prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** An RFC 9068 access token; {@code issuedAt}/{@code expiresAt} are in provider time. */
    String jwt(String issuer, String subject, String clientId, Set<String> scopes, Instant issuedAt, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(clientId)
                .claim("client_id", clientId)
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        RSAKey key = key();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID()).type(new JOSEObjectType("at+jwt")).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign simulated access token", e);
        }
        return jwt.serialize();
    }

    /** The public signing key as a JWK set. */
    Map<String, Object> jwks() {
        return new JWKSet(key().toPublicJWK()).toJSONObject(true);
    }

    private synchronized RSAKey key() {
        if (signingKey == null) {
            try {
                signingKey = new RSAKeyGenerator(2048).keyID("simulator-" + UUID.randomUUID()).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot generate simulator signing key", e);
            }
        }
        return signingKey;
    }
}

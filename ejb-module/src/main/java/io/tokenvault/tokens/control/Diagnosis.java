package io.tokenvault.tokens.control;

/**
 * Why a grant stopped working, in words a tenant admin can act on: a stable reason code, what happened, and what to do.
 */
public record Diagnosis(String reason, String explanation, String remedy) {
}

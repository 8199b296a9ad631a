package io.tokenvault.tenantconfig;

/** The two forms of a tenant configuration document; both come from the same MOXy mappings. */
public enum Format {
    /** {@code application/xml}: root element {@code <tenantConfiguration>}. */
    XML,
    /** {@code application/json}: an object without a root wrapper; lists are always arrays. */
    JSON
}

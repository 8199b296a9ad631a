package io.tokenvault.tenancy.entity;

import io.tokenvault.platform.boundary.InvalidInputException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.regex.Pattern;

/** A customer of the vault: owns OAuth apps, connections, keys and users, and sees nothing of other tenants. */
@Entity
@Table(name = "tenant")
public class Tenant {

    /** Lower-case letters, digits and dashes, 2 to 64 characters, starting with a letter or digit. */
    public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");
    public static final int NAME_MAX = 200;

    @Id
    private String id;

    @Column(nullable = false)
    private String name;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "allowed_return_urls")
    private String allowedReturnUrls;

    @Version
    private long version;

    protected Tenant() {
    }

    public Tenant(String id, String name, Instant createdAt) {
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        checkId(id, errors);
        checkName(name, errors);
        errors.throwIfAny();
        this.id = id;
        this.name = name.strip();
        this.createdAt = createdAt;
    }

    public static void checkId(String id, InvalidInputException.Collector errors) {
        if (id == null || id.isBlank()) {
            errors.add("id", "is required");
        } else if (!ID_PATTERN.matcher(id).matches()) {
            errors.add("id", "must be 2-64 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
    }

    public static void checkName(String name, InvalidInputException.Collector errors) {
        if (name == null || name.isBlank()) {
            errors.add("name", "is required");
        } else if (name.strip().length() > NAME_MAX) {
            errors.add("name", "must be at most " + NAME_MAX + " characters");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            errors.add("name", "must not contain control characters");
        }
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Where the connect flow may send end users back to (exact URLs, or prefixes ending in '/'). */
    public java.util.List<String> allowedReturnUrls() {
        return allowedReturnUrls == null || allowedReturnUrls.isBlank() ? java.util.List.of()
                : java.util.List.of(allowedReturnUrls.split("\n"));
    }

    public void allowReturnUrls(java.util.List<String> urls) {
        this.allowedReturnUrls = urls.isEmpty() ? null : String.join("\n", urls);
    }
}

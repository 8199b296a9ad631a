package io.tokenvault.platform.boundary;

import java.util.ArrayList;
import java.util.List;

/** The request is malformed; {@link #errors()} lists every invalid field at once. */
public class InvalidInputException extends TokenvaultException {

    /** One invalid field: where it is (a JSON pointer-like path) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        if (errors.size() == 1) {
            return errors.get(0).field() + ": " + errors.get(0).message();
        }
        return errors.size() + " fields are invalid";
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String problemType() {
        return "invalid-request";
    }

    @Override
    public String title() {
        return "Invalid request";
    }

    /** Collects field errors and throws them together, so the caller learns every problem in one round trip. */
    public static final class Collector {
        private final List<FieldError> errors = new ArrayList<>();

        public Collector add(String field, String message) {
            errors.add(new FieldError(field, message));
            return this;
        }

        /** A whole number from a query parameter: {@code fallback} when absent, an error (and the fallback) when not a number. */
        public int integer(String field, String value, int fallback) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                add(field, "must be a whole number");
                return fallback;
            }
        }

        /** A page of a list: which one and how long; its offset is {@code number * size}. */
        public record Page(int number, int size) {
            public int offset() {
                return number * size;
            }
        }

        /**
         * The {@code page} (0 or more, default 0) and {@code size} (1 to {@code maxSize}, default {@code defaultSize})
         * query parameters of a list, each wrong one added as an error.
         */
        public Page page(String page, String size, int defaultSize, int maxSize) {
            int number = integer("page", page, 0);
            int length = integer("size", size, defaultSize);
            if (number < 0) {
                add("page", "must be 0 or more");
            }
            if (length < 1 || length > maxSize) {
                add("size", "must be between 1 and " + maxSize);
            }
            return new Page(number, length);
        }

        public boolean isEmpty() {
            return errors.isEmpty();
        }

        public void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
        }
    }
}

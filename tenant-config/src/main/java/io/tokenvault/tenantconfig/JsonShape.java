package io.tokenvault.tenantconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that a JSON configuration document has the types the format expects: MOXy silently skips a value of the
 * wrong kind (a string where an array belongs, for instance), and an import must not quietly lose a setting.
 *
 * <p>Runs only on documents MOXy has already parsed, so the syntax is known to be valid; unknown fields are MOXy's
 * business too. Nesting deeper than the format ever needs is refused rather than followed.
 */
final class JsonShape {

    private static final int MAX_DEPTH = 16;
    private static final Object NULL = new Object();
    private static final Object OTHER = new Object();

    private static final Set<String> APP_STRINGS = Set.of("key", "provider", "clientId", "clientSecret", "issuer",
            "authorizationEndpoint", "tokenEndpoint", "revocationEndpoint", "redirectUri", "tokenEndpointAuthMethod");

    private final String text;
    private int pos;

    private JsonShape(String text) {
        this.text = text;
    }

    /** The type problems of a syntactically valid document whose top level is an object. */
    static List<Problem> check(String json) {
        List<Problem> problems = new ArrayList<>();
        Object root;
        try {
            JsonShape reader = new JsonShape(json.startsWith("\uFEFF") ? json.substring(1) : json);
            root = reader.value(0);
            reader.skipWhitespace();
            if (reader.pos < reader.text.length()) {
                return List.of(Problem.ofDocument("unexpected content after the JSON object"));
            }
        } catch (TooDeep e) {
            return List.of(Problem.ofDocument("the document is nested too deeply"));
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            // only reachable if the JSON parser accepted what this reader cannot follow
            return List.of(Problem.ofDocument("not valid JSON"));
        }
        if (!(root instanceof Map<?, ?> document)) {
            return List.of(Problem.ofDocument("the document must be a JSON object"));
        }
        Object tenant = document.get("tenant");
        if (tenant instanceof Map<?, ?> t) {
            strings(t, Set.of("id", "name"), "tenant.", problems);
        } else if (tenant != null && tenant != NULL) {
            problems.add(new Problem("tenant", "must be an object"));
        }
        Object apps = document.get("apps");
        if (apps instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> app) {
                    app(app, "apps[" + i + "].", problems);
                } else {
                    problems.add(new Problem("apps[" + i + "]", "must be an object"));
                }
            }
        } else if (apps != null && apps != NULL) {
            problems.add(new Problem("apps", "must be an array of objects"));
        }
        stringArray(document.get("allowedReturnUrls"), "allowedReturnUrls", problems);
        return problems;
    }

    private static void app(Map<?, ?> app, String prefix, List<Problem> problems) {
        strings(app, APP_STRINGS, prefix, problems);
        stringArray(app.get("scopes"), prefix + "scopes", problems);
        for (String name : List.of("authorizationParams", "templateValues")) {
            Object value = app.get(name);
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> {
                    if (!(v instanceof String)) {
                        problems.add(new Problem(prefix + name + "." + k, "must be a string"));
                    }
                });
            } else if (value != null && value != NULL) {
                problems.add(new Problem(prefix + name, "must be an object of strings"));
            }
        }
    }

    private static void strings(Map<?, ?> object, Set<String> names, String prefix, List<Problem> problems) {
        object.forEach((k, v) -> {
            if (names.contains(k) && v != NULL && !(v instanceof String)) {
                problems.add(new Problem(prefix + k, "must be a string"));
            }
        });
    }

    private static void stringArray(Object value, String path, List<Problem> problems) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String)) {
                    problems.add(new Problem(path + "[" + i + "]", "must be a string"));
                }
            }
        } else if (value != null && value != NULL) {
            problems.add(new Problem(path, "must be an array of strings"));
        }
    }

    /** Reads one value: a Map, a List, a String, {@link #NULL}, or {@link #OTHER} (numbers and booleans). */
    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new TooDeep();
        }
        skipWhitespace();
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> object = new LinkedHashMap<>();
                skipWhitespace();
                if (text.charAt(pos) == '}') {
                    pos++;
                    return object;
                }
                while (true) {
                    skipWhitespace();
                    String key = string();
                    skipWhitespace();
                    pos++; // ':'
                    object.put(key, value(depth + 1));
                    skipWhitespace();
                    if (text.charAt(pos++) == '}') {
                        return object;
                    }
                }
            }
            case '[' -> {
                pos++;
                List<Object> array = new ArrayList<>();
                skipWhitespace();
                if (text.charAt(pos) == ']') {
                    pos++;
                    return array;
                }
                while (true) {
                    array.add(value(depth + 1));
                    skipWhitespace();
                    if (text.charAt(pos++) == ']') {
                        return array;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 'n' -> {
                pos += 4;
                return NULL;
            }
            default -> {
                while (pos < text.length() && "{}[],: \t\r\n".indexOf(text.charAt(pos)) < 0) {
                    pos++;
                }
                return OTHER;
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> out.append(escaped);
            }
        }
    }

    private void skipWhitespace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private static final class TooDeep extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooDeep() {
            super(null, null, false, false);
        }
    }
}

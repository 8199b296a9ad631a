package io.tokenvault.simulator;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP answer prepared before it is written, so it can be held back or dropped. */
record Answer(int status, Map<String, String> headers, String contentType, String body) {

    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final String JSON = "application/json;charset=UTF-8";

    /** A token-endpoint style JSON answer, never cached (RFC 6749 §5.1). */
    static Answer json(int status, Object body) {
        return new Answer(status, Map.of("Cache-Control", "no-store", "Pragma", "no-cache"), JSON, Json.write(body));
    }

    static Answer error(ProviderError error, Instant providerNow, boolean basicAuthUsed) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
        if (error.httpStatus() == 401 && basicAuthUsed) {
            headers.put("WWW-Authenticate", "Basic realm=\"provider-simulator\"");
        }
        return new Answer(error.httpStatus(), headers, JSON, Json.write(error.toJson(providerNow)));
    }

    static Answer html(int status, String title) {
        return new Answer(status, Map.of(), "text/html;charset=UTF-8",
                "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>");
    }

    Answer withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new Answer(status, copy, contentType, body);
    }

    /** Writes the answer with a {@code Date} header showing {@code providerNow}. */
    void writeTo(HttpCall call, Instant providerNow) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Date", HTTP_DATE.format(providerNow));
        all.putAll(headers);
        call.respond(status, all, contentType, body);
    }
}

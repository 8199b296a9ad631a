package io.tokenvault.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One HTTP/1.1 request read from a socket, and the single answer written back to it. */
final class HttpCall {

    /** The request could not be parsed; the connection gets a plain 400. */
    static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final Socket socket;
    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private volatile boolean answered;

    private HttpCall(Socket socket, String method, String path, String rawQuery,
                     Map<String, List<String>> headers, byte[] body) {
        this.socket = socket;
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = headers;
        this.body = body;
    }

    /** Reads one request; {@code null} when the client closed the connection before sending one. */
    static HttpCall read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        String[] lines = head.split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new BadRequest("malformed request line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new BadRequest("malformed header line");
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        String target = requestLine[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? "" : target.substring(q + 1);

        if ("100-continue".equalsIgnoreCase(first(headers, "expect"))) {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = readBody(in, headers);
        return new HttpCall(socket, requestLine[0], path, rawQuery, headers, body);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        int matched = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new BadRequest("connection closed inside the request head");
            }
            buf.write(b);
            if (buf.size() > MAX_HEAD_BYTES) {
                throw new BadRequest("request head too large");
            }
            matched = switch (matched) {
                case 0, 2 -> b == '\r' ? matched + 1 : 0;
                case 1, 3 -> b == '\n' ? matched + 1 : (b == '\r' ? 1 : 0);
                default -> 0;
            };
            if (matched == 4) {
                String head = buf.toString(StandardCharsets.ISO_8859_1);
                return head.substring(0, head.length() - 4);
            }
        }
    }

    private static byte[] readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
        String transferEncoding = first(headers, "transfer-encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return readChunked(in);
        }
        String contentLength = first(headers, "content-length");
        if (contentLength == null) {
            return new byte[0];
        }
        int length;
        try {
            length = Integer.parseInt(contentLength.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest("bad Content-Length");
        }
        if (length < 0 || length > MAX_BODY_BYTES) {
            throw new BadRequest("bad Content-Length");
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new BadRequest("truncated body");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new BadRequest("bad chunk size");
            }
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers are ignored
                }
                return out.toByteArray();
            }
            if (out.size() + size > MAX_BODY_BYTES) {
                throw new BadRequest("body too large");
            }
            out.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        if (b < 0) {
            throw new BadRequest("truncated chunked body");
        }
        return line.toString();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }

    /** First value of a header (case-insensitive name), or {@code null}. */
    String header(String name) {
        return first(headers, name.toLowerCase(Locale.ROOT));
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Query parameters, decoded, every value kept in order. */
    Map<String, List<String>> query() {
        return decodeForm(rawQuery);
    }

    /** Form parameters of an {@code application/x-www-form-urlencoded} body, every value kept. */
    Map<String, List<String>> form() {
        return decodeForm(bodyText());
    }

    static Map<String, List<String>> decodeForm(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    boolean answered() {
        return answered;
    }

    void respond(int status, String contentType, String body) throws IOException {
        respond(status, Map.of(), contentType, body);
    }

    /** Writes the one answer of this call and closes the connection. */
    void respond(int status, Map<String, String> extraHeaders, String contentType, String body) throws IOException {
        if (answered) {
            throw new IllegalStateException("already answered");
        }
        answered = true;
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        extraHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Content-Length: ").append(bytes.length).append("\r\n")
                .append("Connection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!"HEAD".equals(method)) {
            out.write(bytes);
        }
        out.flush();
    }

    /** Closes the connection without any answer, as a crashed proxy or a network failure would. */
    void disconnect() {
        answered = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // the point is to drop it
        }
    }

    static void writeRaw(Socket socket, int status, String contentType, String body) throws IOException {
        new HttpCall(socket, "GET", "/", "", Map.of(), new byte[0]).respond(status, contentType, body);
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 302 -> "Found";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }
}

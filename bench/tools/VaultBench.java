import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark driver for Tokenvault, run by {@code bench/run.sh} as a single-file source program ({@code java
 * bench/tools/VaultBench.java <command> ...}); JDK only, no dependencies. Commands:
 *
 * <pre>
 * provider-client   --sim URL --client ID --lifetime SECONDS
 *     registers a client at the provider simulator; prints the length of the access tokens it issues
 * setup-token-api   --vault URL --sim URL --admin-key K --client ID --connections N --out DIR
 *     a tenant, a worker key, an oauth2 app, N imported grants each asked once for a token (so the next calls are
 *     served from the cache); writes DIR/{token,bare,bare-secured,bare-default-jsonb}.paths (one request path per
 *     line), DIR/env.sh
 * wrk-report        --dir DIR --rounds R --endpoints token,bare,... [--connections C --threads T --duration D]
 *     reads DIR/round{r}-{endpoint}.txt (wrk --latency output) and prints the comparison table
 * jstack-summary    --files DUMP1,DUMP2,...
 *     where the server's busy request threads were in these thread dumps (JSON-B, authentication, decryption, ...)
 * profile-summary   --dir DIR --wrk-dir DIR --endpoints bare,token,...
 *     async-profiler's collapsed CPU stacks DIR/{endpoint}.collapsed (1 ms interval) of one round per endpoint, with
 *     that round's wrk output WRKDIR/async-profile-{endpoint}.txt: CPU microseconds per request, where they went, and
 *     the frames that cost each endpoint more than the first one
 * agent-load        --pid PID --lib LIBRARY --options OPTIONS
 *     loads a native agent into a running JVM through the attach API (jcmd JVMTI.agent_load would split OPTIONS at
 *     '=', which async-profiler's options are full of)
 * jfr-summary       --file RECORDING.jfr
 *     the same from a JFR recording's execution samples
 * setup-rotation    --vault URL --sim URL --admin-key K --client ID --out DIR
 *     the key-rotation benchmark's tenant: a worker key, an oauth2 app (with its client credential) and one imported
 *     connection with a refresh token and a 24 h access token, the template RotationBench.java seed copies;
 *     writes DIR/env.sh (ROT_TENANT, ROT_WORKER_KEY, ROT_TEMPLATE)
 * rotate            --vault URL --admin-key K --tenant T [--chunk-size N --threads N --ranges N] [--marker FILE]
 *     POST /api/v1/admin/encryption-keys/rotate for the tenant, polls GET /api/v1/jobs/{id} every second until the job
 *     ends (deletes FILE then), prints status, progress and rows/s = done / (endedAt - startedAt)
 * heap-summary      --file JSTAT.txt
 *     the maximum used heap (eden + survivors + old) and old generation in `jstat -gc PID 1000` output
 * collapsed-top     --file STACKS.collapsed [--top 40] [--under TEXT]
 *     async-profiler collapsed stacks: the frames with the most samples, inclusive (on the stack) and self (on top)
 * concurrent-refresh --vault URL --sim URL --admin-key K --client ID --connections N --callers-per-connection M
 *                    [--provider-latency-ms L] [--jstack-pid PID [--jstack-out FILE]]
 *     N connections whose access tokens expired, N*M callers released at once, a provider answering in L ms (200);
 *     prints provider calls and callers served
 * </pre>
 */
public final class VaultBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Map<String, String> o = options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "provider-client" -> providerClient(o);
            case "setup-token-api" -> setupTokenApi(o);
            case "wrk-report" -> wrkReport(o);
            case "concurrent-refresh" -> System.exit(concurrentRefresh(o) ? 0 : 1);
            case "jfr-summary" -> jfrSummary(o);
            case "jstack-summary" -> jstackSummary(o);
            case "profile-summary" -> profileSummary(o);
            case "agent-load" -> agentLoad(o);
            case "setup-rotation" -> setupRotation(o);
            case "rotate" -> System.exit(rotate(o) ? 0 : 1);
            case "heap-summary" -> heapSummary(o);
            case "collapsed-top" -> collapsedTop(o);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: java VaultBench.java provider-client|setup-token-api|wrk-report|concurrent-refresh"
                + "|jstack-summary|profile-summary|agent-load|jfr-summary|setup-rotation|rotate|heap-summary"
                + " --option value ...");
        System.exit(2);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // provider simulator and vault set-up

    private static void providerClient(Map<String, String> o) {
        String sim = req(o, "sim");
        String client = req(o, "client");
        long lifetime = Long.parseLong(o.getOrDefault("lifetime", "3600"));
        registerClient(sim, client, lifetime, 0);
        Map<String, Object> grant = obj(expect(201, post(sim + "/sim/grants", null,
                json(Map.of("clientId", client, "userId", "probe", "scopes", List.of("files.read", "profile"))))));
        System.out.println(((String) grant.get("accessToken")).length());
    }

    private static void registerClient(String sim, String client, long lifetimeSeconds, long latencyMillis) {
        Map<String, Object> behaviour = new LinkedHashMap<>();
        behaviour.put("accessTokenLifetimeSeconds", lifetimeSeconds);
        behaviour.put("latencyMillis", latencyMillis);
        behaviour.put("rotateRefreshTokens", true);
        behaviour.put("reuseDetection", true);
        expect(201, post(sim + "/sim/clients", null, json(Map.of("clientId", client,
                "secrets", List.of(client + "-secret"), "behaviour", behaviour))));
    }

    /** A tenant with a worker key and one oauth2 app pointing at the simulator's client. */
    private record Tenant(String vault, String id, String workerKey, String app) {
    }

    private static Tenant tenant(String vault, String sim, String adminKey, String client, String prefix) {
        String id = prefix + "-" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        String api = vault + "/api/v1/tenants";
        expect(201, post(api, adminKey, json(Map.of("id", id, "name", "Benchmark " + id))));
        Map<String, Object> key = obj(expect(201, post(api + "/" + id + "/api-keys", adminKey,
                json(Map.of("role", "worker", "label", "bench")))));
        String app = "bench-app";
        Map<String, Object> appBody = new LinkedHashMap<>();
        appBody.put("provider", "oauth2");
        appBody.put("clientId", client);
        appBody.put("clientSecret", client + "-secret");
        appBody.put("scopes", List.of("files.read", "profile"));
        appBody.put("tokenEndpoint", sim + "/token");
        appBody.put("revocationEndpoint", sim + "/revoke");
        expectOk(put(api + "/" + id + "/apps/" + app, adminKey, json(appBody)));
        return new Tenant(vault, id, (String) key.get("key"), app);
    }

    /** Seeds a grant at the simulator and imports it; {@code expiredAccessToken}: also import its token, expired. */
    private static String importConnection(Tenant t, String sim, String adminKey, String client, String user,
            boolean expiredAccessToken) {
        Map<String, Object> grant = obj(expect(201, post(sim + "/sim/grants", null,
                json(Map.of("clientId", client, "userId", user, "scopes", List.of("files.read", "profile"))))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", t.app());
        body.put("externalUserId", user);
        body.put("refreshToken", grant.get("refreshToken"));
        if (expiredAccessToken) {
            body.put("accessToken", grant.get("accessToken"));
            body.put("expiresAt", Instant.now().minus(Duration.ofHours(1)).toString());
        }
        Map<String, Object> conn = obj(expectOk(post(t.vault() + "/api/v1/tenants/" + t.id() + "/connections/import",
                adminKey, json(body))));
        return (String) conn.get("id");
    }

    private static String tokenPath(Tenant t, String connectionId) {
        return "/api/v1/tenants/" + t.id() + "/connections/" + connectionId + "/access-token";
    }

    /** The bare endpoints, by name: the context and application path in front of {@code /tenants/...}. */
    static final Map<String, String> BARE = new LinkedHashMap<>();

    static {
        BARE.put("bare", "/bench/bare");
        BARE.put("bare-secured", "/bench-secured/bare");
        BARE.put("bare-default-jsonb", "/bench/bare-default-jsonb");
    }

    private static void setupTokenApi(Map<String, String> o) throws IOException {
        String vault = req(o, "vault");
        String sim = req(o, "sim");
        String adminKey = req(o, "admin-key");
        String client = req(o, "client");
        int n = Integer.parseInt(o.getOrDefault("connections", "100"));
        Path out = Path.of(req(o, "out"));
        Tenant t = tenant(vault, sim, adminKey, client, "bench-tokens");
        Map<String, List<String>> paths = new LinkedHashMap<>();
        paths.put("token", new ArrayList<>());
        BARE.keySet().forEach(name -> paths.put(name, new ArrayList<>()));
        for (int i = 0; i < n; i++) {
            String id = importConnection(t, sim, adminKey, client, "user-" + i, false);
            String path = tokenPath(t, id);
            // the first call refreshes (no access token was imported); every later one is served from the cache
            Map<String, Object> token = obj(expectOk(post(vault + path, t.workerKey(), "{}")));
            if (Instant.parse((String) token.get("expiresAt")).isBefore(Instant.now().plus(Duration.ofHours(2)))) {
                throw new IllegalStateException("token expires too soon for a cached-token benchmark: "
                        + token.get("expiresAt"));
            }
            paths.get("token").add(path);
            BARE.forEach((name, prefix) -> paths.get(name).add(prefix + path.substring("/api/v1".length())));
        }
        Files.createDirectories(out);
        StringBuilder env = new StringBuilder("TENANT='" + t.id() + "'\nWORKER_KEY='" + t.workerKey() + "'\n");
        StringBuilder sizes = new StringBuilder();
        for (Map.Entry<String, List<String>> e : paths.entrySet()) {
            Files.write(out.resolve(e.getKey() + ".paths"), e.getValue());
            // the answer each endpoint gives, for the record (same headers and body as the load generator sends)
            int bytes = expectOk(post(vault + e.getValue().get(0), t.workerKey(), "{}")).body()
                    .getBytes(StandardCharsets.UTF_8).length;
            env.append("BYTES_").append(e.getKey().replace('-', '_').toUpperCase(Locale.ROOT)).append('=').append(bytes)
                    .append('\n');
            sizes.append(sizes.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(bytes);
        }
        Files.writeString(out.resolve("env.sh"), env.toString());
        // the secured baseline must really be behind its mechanism: without a key it answers 401
        URI secured = URI.create(vault + paths.get("bare-secured").get(0));
        int anonymous = send(HttpRequest.newBuilder(secured).POST(HttpRequest.BodyPublishers.ofString("{}")), null)
                .statusCode();
        if (anonymous != 401) {
            throw new IllegalStateException("bare-secured answered " + anonymous + " without a key, not 401");
        }
        System.out.printf(Locale.ROOT, "set up tenant %s: %d connections with a cached token; answer bytes: %s%n",
                t.id(), n, sizes);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // key rotation

    private static void setupRotation(Map<String, String> o) throws IOException {
        String vault = req(o, "vault");
        String sim = req(o, "sim");
        String adminKey = req(o, "admin-key");
        String client = req(o, "client");
        Path out = Path.of(req(o, "out"));
        Tenant t = tenant(vault, sim, adminKey, client, "bench-rot");
        Map<String, Object> grant = obj(expect(201, post(sim + "/sim/grants", null,
                json(Map.of("clientId", client, "userId", "template", "scopes", List.of("files.read", "profile"))))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", t.app());
        body.put("externalUserId", "template");
        body.put("refreshToken", grant.get("refreshToken"));
        body.put("accessToken", grant.get("accessToken"));
        body.put("expiresAt", Instant.now().plus(Duration.ofHours(24)).toString());
        Map<String, Object> conn = obj(expectOk(post(vault + "/api/v1/tenants/" + t.id() + "/connections/import",
                adminKey, json(body))));
        String template = (String) conn.get("id");
        Map<String, Object> token = obj(expectOk(post(vault + tokenPath(t, template), t.workerKey(), "{}")));
        if (!grant.get("accessToken").equals(token.get("accessToken"))) {
            throw new IllegalStateException("the template connection did not serve its imported access token");
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("env.sh"), "ROT_TENANT='" + t.id() + "'\nROT_WORKER_KEY='" + t.workerKey()
                + "'\nROT_TEMPLATE='" + template + "'\n");
        System.out.printf(Locale.ROOT, "set up tenant %s: app %s, template connection %s (access token %d chars)%n",
                t.id(), t.app(), template, ((String) grant.get("accessToken")).length());
    }

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private static boolean rotate(Map<String, String> o) throws IOException, InterruptedException {
        String vault = req(o, "vault");
        String adminKey = req(o, "admin-key");
        String tenant = req(o, "tenant");
        StringBuilder url = new StringBuilder(vault + "/api/v1/admin/encryption-keys/rotate?tenant=" + tenant);
        for (String[] p : List.of(new String[] {"chunk-size", "chunkSize"}, new String[] {"threads", "threads"},
                new String[] {"ranges", "connectionRanges"})) {
            if (o.get(p[0]) != null && !o.get(p[0]).isBlank()) {
                url.append('&').append(p[1]).append('=').append(o.get(p[0]));
            }
        }
        Path marker = o.containsKey("marker") ? Path.of(o.get("marker")) : null;
        try {
            long t0 = System.nanoTime();
            Map<String, Object> started = obj(expect(202, post(url.toString(), adminKey, "")));
            @SuppressWarnings("unchecked")
            Map<String, Object> job = (Map<String, Object>) started.get("job");
            String id = (String) job.get("id");
            System.out.printf(Locale.ROOT, "rotation of %s: new primary key %s, job %s (%s)%n", tenant,
                    started.get("keyId"), id, url.substring(url.indexOf("?") + 1));
            Map<String, Object> view;
            long lastPrint = System.nanoTime();
            while (true) {
                view = obj(expectOk(get(vault + "/api/v1/jobs/" + id, adminKey)));
                if (TERMINAL.contains((String) view.get("status")) && view.get("endedAt") != null) {
                    break;
                }
                if (System.nanoTime() - lastPrint > 15_000_000_000L) {
                    lastPrint = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  %4.0f s: %s %s%n", (lastPrint - t0) / 1e9, view.get("status"),
                            view.get("progress"));
                }
                Thread.sleep(1000);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            @SuppressWarnings("unchecked")
            Map<String, Object> progress = (Map<String, Object>) view.get("progress");
            long total = ((Number) progress.get("total")).longValue();
            long done = ((Number) progress.get("done")).longValue();
            long skipped = ((Number) progress.get("skipped")).longValue();
            long failed = ((Number) progress.get("failed")).longValue();
            double secs = Duration.between(Instant.parse((String) view.get("startedAt")),
                    Instant.parse((String) view.get("endedAt"))).toMillis() / 1000.0;
            System.out.printf(Locale.ROOT, "job %s: %s; total %,d, done %,d, skipped %,d, failed %,d; %s .. %s"
                    + " (%.1f s; %.1f s as seen by the client)%n", id, view.get("status"), total, done, skipped,
                    failed, view.get("startedAt"), view.get("endedAt"), secs, wall);
            if (view.get("detail") != null) {
                System.out.println("  detail: " + view.get("detail"));
            }
            System.out.printf(Locale.ROOT, "RESULT rotation_status=%s rotation_done=%d rotation_seconds=%.3f"
                    + " rotation_rows_per_s=%.0f%n", view.get("status"), done, secs, done / secs);
            return "COMPLETED".equals(view.get("status"));
        } finally {
            if (marker != null) {
                Files.deleteIfExists(marker);
            }
        }
    }

    private static void collapsedTop(Map<String, String> o) throws IOException {
        int top = Integer.parseInt(o.getOrDefault("top", "40"));
        String under = o.get("under"); // only stacks with a frame containing this text
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        long total = 0;
        for (String line : Files.readAllLines(Path.of(req(o, "file")))) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            if (under != null && Arrays.stream(frames).noneMatch(f -> f.contains(under))) {
                continue;
            }
            total += n;
            self.merge(frames[frames.length - 1], n, Long::sum);
            for (String f : new HashSet<>(Arrays.asList(frames))) {
                inclusive.merge(f, n, Long::sum);
            }
        }
        long all = total;
        System.out.printf(Locale.ROOT, "  %,d samples%s; frames by share of samples on the stack (below 95%%):%n", total,
                under == null ? "" : " in stacks through " + under);
        inclusive.entrySet().stream().filter(e -> e.getValue() < 0.95 * all)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / all,
                        e.getKey()));
        System.out.println("  frames on top of the stack (self):");
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / all,
                        e.getKey()));
    }

    /** Used heap (S0U + S1U + EU + OU) and old generation (OU) in jstat -gc samples (KB columns). */
    private static void heapSummary(Map<String, String> o) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(req(o, "file")));
        List<String> header = null;
        double maxUsed = 0;
        double maxOld = 0;
        double capacity = 0;
        int samples = 0;
        long ygc0 = -1;
        long ygc = 0;
        long fgc0 = -1;
        long fgc = 0;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 0 && f[0].equals("S0C")) {
                header = Arrays.asList(f);
                continue;
            }
            if (header == null || f.length != header.size()) {
                continue;
            }
            try {
                double used = 0;
                for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                    used += Double.parseDouble(f[header.indexOf(c)]);
                }
                double cap = 0;
                for (String c : List.of("S0C", "S1C", "EC", "OC")) {
                    cap += Double.parseDouble(f[header.indexOf(c)]);
                }
                maxUsed = Math.max(maxUsed, used);
                maxOld = Math.max(maxOld, Double.parseDouble(f[header.indexOf("OU")]));
                capacity = Math.max(capacity, cap);
                ygc = Long.parseLong(f[header.indexOf("YGC")]);
                fgc = Long.parseLong(f[header.indexOf("FGC")]);
                if (ygc0 < 0) {
                    ygc0 = ygc;
                    fgc0 = fgc;
                }
                samples++;
            } catch (RuntimeException e) {
                // a partial line
            }
        }
        if (samples == 0) {
            System.out.println("heap: no samples");
            return;
        }
        System.out.printf(Locale.ROOT, "heap (jstat -gc every 1 s, %d samples): max used %.0f MB (eden + survivors +"
                + " old, garbage included), max old generation %.0f MB, max committed %.0f MB; %d young and %d full"
                + " collections meanwhile%n", samples, maxUsed / 1024, maxOld / 1024, capacity / 1024, ygc - ygc0,
                fgc - fgc0);
        System.out.printf(Locale.ROOT, "RESULT heap_max_used_mb=%.0f heap_max_old_mb=%.0f%n", maxUsed / 1024,
                maxOld / 1024);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // wrk output

    /**
     * One wrk run: requests/s, latency percentiles in ms, error counts, and (from the line run.sh appends) the CPU
     * the server used (cores), the CPU everything but the server and wrk used (cores: the noise), the server's CPU
     * time per request (µs); NaN where unknown.
     */
    private record WrkRun(double rps, double p50, double p75, double p90, double p99, long requests, long non2xx,
            long socketErrors, double serverCores, double otherCores, double cpuMicrosPerRequest) {
    }

    private static final Pattern CPU = Pattern.compile("bench-cpu wall_s=([0-9.]+) clk_tck=(\\d+) total_ticks=(-?\\d+) "
            + "server_ticks=(-?\\d+) wrk_s=([0-9.]+)");

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PCT =
            Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
    private static final Pattern REQS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    static WrkRun parseWrk(String text) {
        Matcher m = RPS.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no Requests/sec in wrk output:\n" + text);
        }
        double rps = Double.parseDouble(m.group(1));
        Map<String, Double> pct = new HashMap<>();
        Matcher p = PCT.matcher(text);
        while (p.find()) {
            double v = Double.parseDouble(p.group(2));
            double ms = switch (p.group(3)) {
                case "us" -> v / 1000;
                case "ms" -> v;
                case "s" -> v * 1000;
                default -> v * 60_000;
            };
            pct.put(p.group(1), ms);
        }
        if (pct.size() != 4) {
            throw new IllegalStateException("no latency distribution in wrk output (run with --latency):\n" + text);
        }
        Matcher r = REQS.matcher(text);
        long requests = r.find() ? Long.parseLong(r.group(1)) : 0;
        Matcher n = NON2XX.matcher(text);
        long non2xx = n.find() ? Long.parseLong(n.group(1)) : 0;
        Matcher s = SOCKET.matcher(text);
        long socket = 0;
        if (s.find()) {
            for (int i = 1; i <= 4; i++) {
                socket += Long.parseLong(s.group(i));
            }
        }
        double serverCores = Double.NaN;
        double otherCores = Double.NaN;
        double cpuPerRequest = Double.NaN;
        Matcher c = CPU.matcher(text);
        if (c.find()) {
            double wall = Double.parseDouble(c.group(1));
            double tck = Double.parseDouble(c.group(2));
            double total = Long.parseLong(c.group(3)) / tck;
            double server = Long.parseLong(c.group(4)) / tck;
            double wrk = Double.parseDouble(c.group(5));
            serverCores = server / wall;
            otherCores = Math.max(0, total - server - wrk) / wall;
            cpuPerRequest = requests == 0 ? Double.NaN : server * 1e6 / requests;
        }
        return new WrkRun(rps, pct.get("50"), pct.get("75"), pct.get("90"), pct.get("99"), requests, non2xx, socket,
                serverCores, otherCores, cpuPerRequest);
    }

    private static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static final Map<String, String> DESCRIPTION = Map.of(
            "token", "POST /api/v1/tenants/{t}/connections/{id}/access-token: worker key, cached valid token",
            "bare", "POST /bench/bare/tenants/{t}/connections/{id}/access-token: no auth, one shared Jsonb",
            "bare-secured", "POST /bench-secured/bare/...: the same behind Jakarta Security (trivial mechanism and "
                    + "identity store) and @RolesAllowed",
            "bare-default-jsonb",
            "POST /bench/bare-default-jsonb/...: the same, RESTEasy's default JSON-B (new Jsonb per request)");

    private static void wrkReport(Map<String, String> o) throws IOException {
        Path dir = Path.of(req(o, "dir"));
        int rounds = Integer.parseInt(req(o, "rounds"));
        List<String> endpoints = List.of(req(o, "endpoints").split(","));
        Map<String, List<WrkRun>> runs = new LinkedHashMap<>();
        for (String e : endpoints) {
            List<WrkRun> list = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                list.add(parseWrk(Files.readString(dir.resolve("round" + r + "-" + e + ".txt"))));
            }
            runs.put(e, list);
        }
        String env = Files.exists(dir.resolve("env.sh")) ? Files.readString(dir.resolve("env.sh")) : "";

        System.out.println();
        System.out.printf(Locale.ROOT, "TOKEN API vs BARE JAX-RS, same server, interleaved: %d rounds x %s per "
                + "endpoint, wrk %s threads, %s connections%n", rounds, o.getOrDefault("duration", "?"),
                o.getOrDefault("threads", "?"), o.getOrDefault("connections", "?"));
        String paths = o.getOrDefault("vault-connections", "?");
        System.out.printf(Locale.ROOT, "  every endpoint gets the same requests: POST {}, Bearer worker key, %s paths "
                + "of %s connections round-robin%n", paths, paths);
        for (String e : endpoints) {
            System.out.printf(Locale.ROOT, "  %-19s %s; answer %s bytes%n", e, DESCRIPTION.getOrDefault(e, ""),
                    envValue(env, "BYTES_" + e.replace('-', '_').toUpperCase(Locale.ROOT)));
        }
        System.out.println();
        String fmt = "  %-5s %-19s %10s %7s %7s %7s %7s %8s %6s %7s %7s %8s%n";
        System.out.printf(Locale.ROOT, fmt, "round", "endpoint", "requests/s", "p50 ms", "p75 ms", "p90 ms", "p99 ms",
                "requests", "errors", "server", "others", "CPU µs");
        System.out.printf(Locale.ROOT, fmt, "", "", "", "", "", "", "", "", "", "cores", "cores", "/request");
        long errors = 0;
        for (int r = 0; r < rounds; r++) {
            for (String e : endpoints) {
                WrkRun w = runs.get(e).get(r);
                errors += w.non2xx() + w.socketErrors();
                System.out.printf(Locale.ROOT, fmt, r + 1, e, f0(w.rps()), f2(w.p50()), f2(w.p75()), f2(w.p90()),
                        f2(w.p99()), w.requests(), w.non2xx() + w.socketErrors(), f2(w.serverCores()),
                        f2(w.otherCores()), f0(w.cpuMicrosPerRequest()));
            }
        }
        System.out.println();
        String mfmt = "  %-26s %11s %8s %8s %14s%n";
        System.out.printf(Locale.ROOT, mfmt, "median over rounds", "requests/s", "p50 ms", "p99 ms", "CPU µs/request");
        for (String e : endpoints) {
            List<WrkRun> w = runs.get(e);
            System.out.printf(Locale.ROOT, mfmt, e, f0(median(w.stream().map(WrkRun::rps).toList())),
                    f2(median(w.stream().map(WrkRun::p50).toList())), f2(median(w.stream().map(WrkRun::p99).toList())),
                    f0(median(w.stream().map(WrkRun::cpuMicrosPerRequest).toList())));
        }
        System.out.println("  (server/others cores: CPU used during the round by the server and by everything but the "
                + "server and wrk, i.e. the noise; CPU µs/request: the server's CPU time per answered request)");
        List<String> spreads = new ArrayList<>();
        boolean unsteady = false;
        for (String e : endpoints) {
            List<Double> rps = runs.get(e).stream().map(WrkRun::rps).toList();
            double spread = rps.stream().mapToDouble(Double::doubleValue).max().orElse(1)
                    / rps.stream().mapToDouble(Double::doubleValue).min().orElse(1);
            unsteady |= spread > 1.3;
            spreads.add(String.format(Locale.ROOT, "%s %.2f", e, spread));
        }
        System.out.printf(Locale.ROOT, "  spread of requests/s over the rounds (max/min): %s%s%n",
                String.join(", ", spreads),
                unsteady ? "  <-- not steady (other load, or still warming up): read the ratios with care" : "");
        System.out.println();
        if (runs.containsKey("token")) {
            for (String base : endpoints) {
                if (base.equals("token")) {
                    continue;
                }
                List<Double> rps = new ArrayList<>();
                List<Double> p50 = new ArrayList<>();
                List<Double> p99 = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    WrkRun t = runs.get("token").get(r);
                    WrkRun b = runs.get(base).get(r);
                    rps.add(t.rps() / b.rps());
                    p50.add(t.p50() / b.p50());
                    p99.add(t.p99() / b.p99());
                    cpu.add(t.cpuMicrosPerRequest() / b.cpuMicrosPerRequest());
                }
                boolean target = base.equals("bare");
                System.out.printf(Locale.ROOT, "  token / %s%s%n", base, target ? "  (the targets)"
                        : base.equals("bare-secured") ? "  (no target: the product's own work, the security framework "
                        + "being on both sides)" : base.equals("token-direct") ? "  (no target: two nodes behind the"
                        + " balancer vs node A alone; on 2 shared cores the overhead of the hop and the second node,"
                        + " not a gain)" : "  (no target: shows the cost of JSON-B set-up per request)");
                System.out.printf(Locale.ROOT, "    requests/s ratio: %s per round, median %.2f%s%n", ratios(rps),
                        median(rps), target ? "   target >= 0.80: " + (median(rps) >= 0.8 ? "MET" : "NOT MET") : "");
                System.out.printf(Locale.ROOT, "    p99 ratio:        %s per round, median %.2f%s%n", ratios(p99),
                        median(p99), target ? "   target <= 1.50: " + (median(p99) <= 1.5 ? "MET" : "NOT MET") : "");
                System.out.printf(Locale.ROOT, "    p50 ratio:        %s per round, median %.2f%n", ratios(p50),
                        median(p50));
                if (cpu.stream().noneMatch(v -> v.isNaN())) {
                    System.out.printf(Locale.ROOT, "    CPU per request:  %s per round, median %.2f (compare with the "
                            + "inverse of the requests/s ratio; less bent by other load)%n", ratios(cpu), median(cpu));
                }
            }
        }
        System.out.printf(Locale.ROOT, "  non-2xx answers and socket errors, all rounds: %d%s%n", errors,
                errors == 0 ? "" : "  <-- the figures above are not valid");
    }

    private static String envValue(String env, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(.*)$").matcher(env);
        return m.find() ? m.group(1) : "?";
    }

    private static String ratios(List<Double> values) {
        return String.join(" ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // concurrent refresh

    private record CallResult(int status, String accessToken, long nanos, String problem) {
    }

    private static boolean concurrentRefresh(Map<String, String> o) throws Exception {
        String vault = req(o, "vault");
        String sim = req(o, "sim");
        String adminKey = req(o, "admin-key");
        String client = req(o, "client");
        int n = Integer.parseInt(o.getOrDefault("connections", "100"));
        int m = Integer.parseInt(o.getOrDefault("callers-per-connection", "10"));
        long latency = Long.parseLong(o.getOrDefault("provider-latency-ms", "200"));
        // a token endpoint that takes as long as a real one, so that each refresh is still in flight while the other
        // callers of its connection arrive
        registerClient(sim, client, 3600, latency);
        Tenant t = tenant(vault, sim, adminKey, client, "bench-refresh");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(importConnection(t, sim, adminKey, client, "user-" + i, true));
        }
        // the imported (expired) access tokens, to check that nobody is handed one
        for (String id : ids) {
            Map<String, Object> view = obj(expectOk(get(vault + "/api/v1/tenants/" + t.id() + "/connections/" + id,
                    adminKey)));
            if (!"ACTIVE".equals(view.get("status"))) {
                throw new IllegalStateException("imported connection " + id + " is " + view.get("status"));
            }
        }
        long tokenCallsBefore = clientTokenCalls(sim, client);

        int callers = n * m;
        // one platform thread per caller; the shared HTTP/1.1 client opens a connection per concurrent request
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(callers);
        CallResult[] results = new CallResult[callers];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            // the callers of one connection are started next to each other, so that they reach the server together
            // and most of them find the refresh already in flight (started round-robin instead, the first callers
            // the server takes on would nearly all be leaders of different connections)
            String url = vault + tokenPath(t, ids.get(c / m));
            Thread thread = new Thread(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                        .header("Authorization", "Bearer " + t.workerKey()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
                ready.countDown();
                try {
                    go.await();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    long nanos = System.nanoTime() - t0;
                    String token = null;
                    String problem = null;
                    if (r.statusCode() == 200) {
                        token = (String) obj(r).get("accessToken");
                    } else {
                        problem = r.body();
                    }
                    results[caller] = new CallResult(r.statusCode(), token, nanos, problem);
                } catch (Exception e) {
                    results[caller] = new CallResult(-1, null, 0, e.toString());
                } finally {
                    done.countDown();
                }
            }, "caller-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        go.countDown();
        String dumpSummary = null;
        if (o.containsKey("jstack-pid")) {
            // one thread dump of the server while the callers are being served: what its request threads do
            Thread.sleep(Long.parseLong(o.getOrDefault("jstack-after-ms", "500")));
            dumpSummary = requestThreads(o.get("jstack-pid"), o.get("jstack-out"));
        }
        boolean finished = done.await(180, java.util.concurrent.TimeUnit.SECONDS);
        double wallMs = (System.nanoTime() - t0) / 1e6;
        // the engine may still be finishing a refresh for a caller that gave up: let the counters settle
        Thread.sleep(500);
        long tokenCalls = clientTokenCalls(sim, client) - tokenCallsBefore;

        int served = 0;
        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        Map<String, Set<String>> tokensByConnection = new HashMap<>();
        List<Double> latencies = new ArrayList<>();
        String firstProblem = null;
        int handedExpired = 0;
        for (int c = 0; c < callers; c++) {
            CallResult r = results[c];
            if (r == null) {
                byStatus.merge(0, 1, Integer::sum);
                continue;
            }
            byStatus.merge(r.status(), 1, Integer::sum);
            if (r.status() == 200 && r.accessToken() != null) {
                served++;
                latencies.add(r.nanos() / 1e6);
                tokensByConnection.computeIfAbsent(ids.get(c / m), k -> new HashSet<>()).add(r.accessToken());
            } else if (firstProblem == null) {
                firstProblem = r.status() + " " + r.problem();
            }
        }
        // tokens handed out must be the refreshed ones, not the expired imports
        for (String id : ids) {
            Map<String, Object> view = obj(expectOk(get(vault + "/api/v1/tenants/" + t.id() + "/connections/" + id,
                    adminKey)));
            Object exp = view.get("accessTokenExpiresAt");
            if (exp == null || Instant.parse(exp.toString()).isBefore(Instant.now())) {
                handedExpired++;
            }
        }
        int maxDistinct = tokensByConnection.values().stream().mapToInt(Set::size).max().orElse(0);
        latencies.sort(null);

        System.out.println();
        System.out.printf(Locale.ROOT, "CONCURRENT REFRESH: %d callers (%d per connection) released at once over %d "
                + "connections whose access tokens had expired%n", callers, m, n);
        System.out.printf(Locale.ROOT, "  provider: %d ms per token call; rotating refresh tokens with reuse detection "
                + "(a second refresh with a spent token would revoke the grant)%n", latency);
        System.out.println();
        System.out.printf(Locale.ROOT, "  %-44s %d   (target exactly %d)  %s%n", "provider token calls", tokenCalls, n,
                tokenCalls == n ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "  %-44s %d of %d   (target all)  %s%n",
                "callers served (200 with an access token)", served, callers, served == callers ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "  %-44s %s%n", "answers by HTTP status", byStatus);
        System.out.printf(Locale.ROOT, "  %-44s %d (1 = every caller of a connection got the same token)%n",
                "distinct tokens per connection, at most", maxDistinct);
        System.out.printf(Locale.ROOT, "  %-44s %d%n", "connections still without a valid token after", handedExpired);
        if (!latencies.isEmpty()) {
            System.out.printf(Locale.ROOT, "  %-44s wall %.0f ms; per caller p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    "time until every caller was answered", wallMs, pct(latencies, 50), pct(latencies, 99),
                    latencies.get(latencies.size() - 1));
        }
        if (dumpSummary != null) {
            System.out.println("  server request threads 0.5 s after the release: " + dumpSummary);
        }
        if (!finished) {
            System.out.println("  some callers had no answer after 180 s");
        }
        if (firstProblem != null) {
            System.out.println("  first failure: " + firstProblem.substring(0, Math.min(400, firstProblem.length())));
        }
        return tokenCalls == n && served == callers;
    }

    /** Takes a thread dump of {@code pid} (saved to {@code out} if given) and says what the request threads do. */
    private static String requestThreads(String pid, String out) {
        try {
            Process p = new ProcessBuilder("jstack", pid).redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            if (out != null) {
                Files.writeString(Path.of(out), dump);
            }
            Map<String, Integer> what = new LinkedHashMap<>();
            for (String block : dump.split("\n\n")) {
                if (!block.startsWith("\"default task")) {
                    continue;
                }
                String k;
                if (block.contains("SingleFlight.await")) {
                    k = "waiting for another caller's refresh";
                } else if (block.contains("HttpClientSender.send") || block.contains("TokenEndpointClient")) {
                    k = "calling the provider";
                } else if (block.contains("io.tokenvault")) {
                    k = "other Tokenvault work";
                } else if (block.contains("EnhancedQueueExecutor$PoolThreadNode.park")) {
                    k = "idle";
                } else {
                    k = "other";
                }
                what.merge(k, 1, Integer::sum);
            }
            return what.toString();
        } catch (IOException e) {
            return "no thread dump (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump";
        }
    }

    private static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    @SuppressWarnings("unchecked")
    private static long clientTokenCalls(String sim, String client) {
        Map<String, Object> counters = obj(expectOk(get(sim + "/sim/counters", null)));
        Object byClient = ((Map<String, Object>) counters.get("tokenCallsByClient")).get(client);
        return byClient == null ? 0 : ((Number) byClient).longValue();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // profile

    /**
     * Buckets for CPU samples. JSON-B first (anywhere on the stack: it runs outside the resource method), then the
     * innermost Tokenvault frame decides (so EJB/JTA/CDI plumbing around a Tokenvault call counts for that call),
     * then the innermost frame of a framework (so wrappers such as Elytron's run-as handler, which are on every
     * stack, get only the time spent in their own code). Within one frame the first bucket listed wins.
     */
    private static final List<Map.Entry<String, List<String>>> BUCKETS = List.of(
            Map.entry("JSON-B set-up: a new Jsonb for this read/write, and its class model built again",
                    List.of("jakarta.json.bind.JsonbBuilder.create", "jakarta.json.spi.JsonProvider.provider",
                            "org.eclipse.yasson.internal.JsonbContext.<init>",
                            "org.eclipse.yasson.internal.AnnotationIntrospector",
                            "org.eclipse.yasson.internal.ClassParser",
                            "org.eclipse.yasson.internal.ComponentMatcher.init")),
            Map.entry("JSON-B: reading and writing JSON", List.of("org.eclipse.yasson", "org.eclipse.parsson")),
            Map.entry("the benchmark's bare resource", List.of("io.tokenvault.bench.")),
            Map.entry("token service: Tink decrypt of the cached token", List.of("io.tokenvault.crypto.")),
            Map.entry("token service: cache lookup and the rest", List.of("io.tokenvault.tokens.")),
            Map.entry("authentication: API key mechanism, identity store, key cache (incl. EJB/JTA around them)",
                    List.of("io.tokenvault.security.boundary.ApiKey", "io.tokenvault.apikeys.")),
            Map.entry("tenant scope and caller (filters, producers)",
                    List.of("io.tokenvault.security.", "io.tokenvault.tenancy.")),
            Map.entry("other Tokenvault code (resource, boundary)", List.of("io.tokenvault.")),
            Map.entry("Jakarta Security (Soteria) / Elytron / JASPI",
                    List.of("org.glassfish.soteria", "org.wildfly.security", "org.wildfly.elytron")),
            Map.entry("CDI (Weld)", List.of("org.jboss.weld")),
            Map.entry("RESTEasy", List.of("org.jboss.resteasy")),
            Map.entry("HTTP server and socket I/O (Undertow, XNIO)", List.of("io.undertow", "org.xnio", "sun.nio.ch")));

    /** Cross-cutting costs worth naming whichever bucket they fall in. */
    private static final Map<String, String> ALSO = new LinkedHashMap<>();

    static {
        ALSO.put("com.arjuna", "a JTA transaction (Narayana) begun/ended on the request path");
        ALSO.put("javax.naming.InitialContext",
                "a JNDI lookup on the request path (e.g. Soteria's BeanManager lookup)");
        ALSO.put("java.util.UUID.randomUUID",
                "UUID.randomUUID (e.g. Elytron's JASPI auth context id; SecureRandom lock)");
        ALSO.put("org.jboss.resteasy.plugins.validation.GeneralValidatorImpl",
                "Bean Validation of resource method parameters (RESTEasy)");
        ALSO.put("CachedConnectionManagerImpl", "JCA cached connection manager (every servlet request)");
        ALSO.put("org.jboss.weld.AbstractCDI.getCallingClassName", "CDI.current() (walks the stack)");
        ALSO.put("org.jboss.as.ejb3", "EJB container interceptors");
        ALSO.put("java.lang.Throwable.fillInStackTrace", "exceptions created");
    }

    /** The stacks of the server's busy request threads in thread dumps ({@code jstack} output files). */
    private static void jstackSummary(Map<String, String> o) throws IOException {
        List<List<String>> stacks = new ArrayList<>();
        int dumps = 0;
        int idle = 0;
        for (String file : req(o, "files").split(",")) {
            dumps++;
            for (String block : Files.readString(Path.of(file)).split("\n\n")) {
                if (!block.startsWith("\"default task")) {
                    continue;
                }
                List<String> frames = block.lines().map(String::strip).filter(l -> l.startsWith("at "))
                        .map(l -> l.substring(3, l.indexOf('(') > 0 ? l.indexOf('(') : l.length())).toList();
                if (frames.isEmpty() || frames.stream().limit(4).anyMatch(f -> f.endsWith("PoolThreadNode.park"))) {
                    idle++;
                    continue;
                }
                stacks.add(frames);
            }
        }
        System.out.printf(Locale.ROOT,
                "  %d thread dumps: %d busy request-thread stacks (%d idle); by where they were:%n", dumps,
                stacks.size(), idle);
        summarize(stacks);
    }

    /**
     * CPU per request by frame, from async-profiler's collapsed stacks (one line per distinct stack, root first, then
     * a space and the sample count; 1 sample = 1 ms of CPU) and the number of requests wrk counted in the same round.
     * A frame's inclusive cost counts each stack once even when the frame recurses.
     */
    private static void profileSummary(Map<String, String> o) throws IOException {
        Path dir = Path.of(req(o, "dir"));
        Path wrkDir = Path.of(req(o, "wrk-dir"));
        List<String> endpoints = List.of(req(o, "endpoints").split(","));
        Pattern requests = Pattern.compile("(\\d+) requests in");
        Map<String, Map<String, Double>> perRequest = new LinkedHashMap<>();
        System.out.println("  CPU per request (all threads of the server, microseconds):");
        for (String endpoint : endpoints) {
            Path collapsed = dir.resolve(endpoint + ".collapsed");
            Matcher m = requests.matcher(Files.readString(wrkDir.resolve("async-profile-" + endpoint + ".txt")));
            if (!Files.exists(collapsed) || !m.find()) {
                System.out.println("    " + endpoint + ": no profile");
                continue;
            }
            long served = Long.parseLong(m.group(1));
            Map<String, Long> inclusive = new HashMap<>();
            long total = 0;
            for (String line : Files.readAllLines(collapsed)) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                long samples = Long.parseLong(line.substring(space + 1).strip());
                total += samples;
                Set<String> seen = new HashSet<>();
                for (String frame : line.substring(0, space).split(";")) {
                    String name = frame.replaceAll("_\\[[a-z0-9]\\]$", "");
                    if (seen.add(name)) {
                        inclusive.merge(name, samples, Long::sum);
                    }
                }
            }
            Map<String, Double> us = new HashMap<>();
            inclusive.forEach((frame, samples) -> us.put(frame, samples * 1000.0 / served));
            us.put("(all)", total * 1000.0 / served);
            perRequest.put(endpoint, us);
            System.out.printf(Locale.ROOT, "    %-20s %7.1f us/request (%d samples, %d requests)%n", endpoint,
                    total * 1000.0 / served, total, served);
        }
        if (perRequest.size() < 2) {
            return;
        }
        String base = perRequest.keySet().iterator().next();
        for (String endpoint : perRequest.keySet()) {
            if (endpoint.equals(base)) {
                continue;
            }
            Map<String, Double> b = perRequest.get(base);
            Map<String, Double> e = perRequest.get(endpoint);
            System.out.printf(Locale.ROOT, "  frames costing %s more than %s (us/request, inclusive; top 40):%n",
                    endpoint, base);
            e.entrySet().stream()
                    .map(x -> Map.entry(x.getKey(), x.getValue() - b.getOrDefault(x.getKey(), 0.0)))
                    .filter(x -> x.getValue() >= 1.0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(40)
                    .forEach(x -> System.out.printf(Locale.ROOT, "    %+7.1f  %s%n", x.getValue(), x.getKey()));
        }
    }

    private static void agentLoad(Map<String, String> o) throws Exception {
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(req(o, "pid"));
        try {
            vm.loadAgentPath(req(o, "lib"), req(o, "options"));
        } finally {
            vm.detach();
        }
    }

    /** The same from a JFR recording's execution samples (request threads only). */
    private static void jfrSummary(Map<String, String> o) throws IOException {
        List<List<String>> stacks = new ArrayList<>();
        for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(Path.of(req(o, "file")))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            jdk.jfr.consumer.RecordedThread thread = e.getThread("sampledThread");
            String threadName = thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
            if (threadName.startsWith("default task") || threadName.startsWith("default I/O")) {
                stacks.add(e.getStackTrace().getFrames().stream()
                        .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList());
            }
        }
        System.out.printf(Locale.ROOT, "  JFR execution samples of the request threads: %d; by where they were:%n",
                stacks.size());
        summarize(stacks);
    }

    /** Stacks (leaf first) into buckets; also the cross-cutting costs, Tokenvault methods and leaf frames. */
    private static void summarize(List<List<String>> stacks) {
        Map<String, Integer> buckets = new LinkedHashMap<>();
        Map<String, Integer> also = new LinkedHashMap<>();
        Map<String, Integer> leaves = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        for (List<String> frames : stacks) {
            String stack = String.join("\n", frames);
            String bucket = null;
            for (Map.Entry<String, List<String>> b : BUCKETS.subList(0, 2)) {
                if (bucket == null && frames.stream().anyMatch(f -> b.getValue().stream().anyMatch(f::startsWith))) {
                    bucket = b.getKey();
                }
            }
            List<String> ourFrames = frames.stream().filter(f -> f.startsWith("io.tokenvault.")).toList();
            for (List<String> candidates : List.of(ourFrames, frames)) {
                for (int i = 0; i < candidates.size() && bucket == null; i++) {
                    String frame = candidates.get(i);
                    for (Map.Entry<String, List<String>> b : BUCKETS) {
                        if (b.getValue().stream().anyMatch(frame::startsWith)) {
                            bucket = b.getKey();
                            break;
                        }
                    }
                }
            }
            buckets.merge(bucket == null ? "other (JDK, JBoss Modules, ...)" : bucket, 1, Integer::sum);
            ALSO.forEach((needle, what) -> {
                if (stack.contains(needle)) {
                    also.merge(what, 1, Integer::sum);
                }
            });
            leaves.merge(frames.get(0), 1, Integer::sum);
            frames.stream().filter(f -> f.startsWith("io.tokenvault.") && !f.contains("$Proxy$")).distinct()
                    .forEach(f -> ours.merge(f, 1, Integer::sum));
        }
        int n = Math.max(1, stacks.size());
        print(buckets, n, 20);
        System.out.println("  stacks that include (overlapping):");
        print(also, n, 20);
        System.out.println("  Tokenvault methods on the stack (inclusive):");
        print(ours, n, 12);
        System.out.println("  top leaf frames:");
        print(leaves, n, 10);
    }

    private static void print(Map<String, Integer> counts, int n, int limit) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(b -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * b.getValue() / n,
                        b.getKey()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // HTTP and JSON

    private static HttpResponse<String> post(String url, String bearer, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)), bearer);
    }

    private static HttpResponse<String> put(String url, String bearer, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)), bearer);
    }

    private static HttpResponse<String> get(String url, String bearer) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), bearer);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b, String bearer) {
        b.timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered "
                    + r.statusCode() + " (expected " + status + "): " + r.body());
        }
        return r;
    }

    private static HttpResponse<String> expectOk(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered "
                    + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(HttpResponse<String> r) {
        Object v = new JsonParser(r.body()).value();
        if (!(v instanceof Map)) {
            throw new IllegalStateException("not a JSON object: " + r.body());
        }
        return (Map<String, Object>) v;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage();
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static String req(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            System.err.println("missing --" + name);
            System.exit(2);
        }
        return v;
    }

    static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, x) -> parts.add(json(k.toString()) + ":" + json(x)));
            return "{" + String.join(",", parts) + "}";
        }
        if (v instanceof Iterable<?> it) {
            List<String> parts = new ArrayList<>();
            it.forEach(x -> parts.add(json(x)));
            return "[" + String.join(",", parts) + "]";
        }
        throw new IllegalArgumentException("cannot write " + v.getClass());
    }

    /** Just enough JSON: objects, arrays, strings, numbers, booleans, null. */
    static final class JsonParser {
        private final String s;
        private int i;

        JsonParser(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (s.charAt(i) == '}') {
                i++;
                return m;
            }
            while (true) {
                ws();
                String k = string();
                ws();
                i++; // ':'
                m.put(k, value());
                ws();
                if (s.charAt(i++) == '}') {
                    return m;
                }
            }
        }

        private List<Object> array() {
            List<Object> a = new ArrayList<>();
            i++;
            ws();
            if (s.charAt(i) == ']') {
                i++;
                return a;
            }
            while (true) {
                a.add(value());
                ws();
                if (s.charAt(i++) == ']') {
                    return a;
                }
            }
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            i++;
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private Object literal(String word, Object v) {
            i += word.length();
            return v;
        }

        private Number number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String n = s.substring(start, i);
            if (n.contains(".") || n.contains("e") || n.contains("E")) {
                return Double.parseDouble(n);
            }
            return Long.parseLong(n);
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}

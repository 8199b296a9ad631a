package io.tokenvault.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A WildFly the test starts and kills itself, as an operator would (not through Arquillian): a copy of a provisioned
 * server with the application in its deployments directory, on its own port offset.
 */
final class ServerProcess {

    final Path home;
    final int offset;
    private Process launcher;

    private ServerProcess(Path home, int offset) {
        this.home = home;
        this.offset = offset;
    }

    /** A fresh copy of {@code provisioned} at {@code home} (anything there before is deleted), with the EAR. */
    static ServerProcess copyOf(Path provisioned, Path home, int offset) throws IOException {
        deleteTree(home);
        copyTree(provisioned, home);
        Files.copy(provisioned.resolveSibling("tokenvault.ear"), home.resolve("standalone/deployments/tokenvault.ear"),
                StandardCopyOption.REPLACE_EXISTING);
        return new ServerProcess(home, offset);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + (8080 + offset);
    }

    Path logs() {
        return home.resolve("standalone/log");
    }

    /** Starts the server with these environment variables and system properties; returns once the EAR is deployed. */
    ServerProcess start(Map<String, String> environment, String... systemProperties)
            throws IOException, InterruptedException {
        Path deployments = home.resolve("standalone/deployments");
        Files.createDirectories(logs());
        try (Stream<Path> markers = Files.list(deployments)) {
            for (Path marker : markers.filter(p -> !p.getFileName().toString().equals("tokenvault.ear")).toList()) {
                Files.deleteIfExists(marker);
            }
        }
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.socket.binding.port-offset=" + offset, "-Djava.net.preferIPv4Stack=true"));
        command.addAll(List.of(systemProperties));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs().resolve("console.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("TOKENVAULT_PUBLIC_URL", baseUrl());
        env.put("JBOSS_JAVA_SIZING", "-Xms128m -Xmx512m");
        env.remove("JAVA_OPTS");
        env.putAll(environment);
        launcher = builder.start();
        for (int i = 0; i < 1800; i++) {
            if (Files.exists(deployments.resolve("tokenvault.ear.deployed"))) {
                return this;
            }
            if (Files.exists(deployments.resolve("tokenvault.ear.failed")) || !launcher.isAlive()) {
                throw new IllegalStateException("The test server did not deploy: see " + logs());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The test server did not deploy within 180 s: see " + logs());
    }

    boolean isRunning() {
        return launcher != null && launcher.isAlive();
    }

    /** SIGKILL to the JVM and its launcher script: no shutdown hook, no orderly stop of anything. */
    void kill() throws InterruptedException {
        if (launcher == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(launcher.descendants().toList());
        all.add(launcher.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().join();
        }
        launcher = null;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (!p.toString().contains("/standalone/data/") && !p.toString().contains("/standalone/log/")
                        && !p.toString().contains("/standalone/tmp/") && !p.toString().contains("/deployments/")
                        && !p.toString().contains("standalone_xml_history")) {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged hub jar in a child JVM, started as ./hub starts it (PropertiesLauncher, loader.path), for tests that
 * need a real process: plugins appearing after a restart, kill -9 in the middle of a campaign.
 */
public final class PackagedHub implements AutoCloseable {

    private final Path workDir;
    private final int port;
    private final List<String> args;
    private Process process;
    private Path log;
    private int starts;

    public PackagedHub(Path workDir, List<String> args) throws IOException {
        this.workDir = workDir;
        this.port = freePort();
        this.args = List.copyOf(args);
    }

    public int port() {
        return port;
    }

    /** Starts the hub and waits until it has started and /actuator/health answers UP. */
    public void start(Duration within) throws Exception {
        launch();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("hub exited early; see %s", log).isTrue();
            try {
                // health answers while the route files still load: started is when Spring Boot says so
                if (get("/actuator/health", null).contains("UP") && Files.readString(log).contains("Started HubApplication")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("hub not UP within " + within + "; see " + log);
    }

    /** Starts a hub that is expected to refuse to start, and waits for its process to end; returns its exit status. */
    public int startRefused(Duration within) throws Exception {
        launch();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("hub still running after " + within + "; see " + log);
        }
        return process.exitValue();
    }

    private void launch() throws IOException {
        Path jar = Path.of(System.getProperty("hub.jar", "target/hub-runtime-0.1.0-SNAPSHOT-exec.jar")).toAbsolutePath();
        assertThat(jar).exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:TieredStopAtLevel=1", "-Dloader.path=" + workDir.resolve("plugins"), "-jar", jar.toString(),
                "--server.port=" + port));
        if (args.stream().noneMatch(a -> a.startsWith("--hub.sandbox.customers.enabled"))) {
            // as in the module's other tests: no simulated customers and no demo campaign sending into the test's own
            cmd.add("--hub.sandbox.customers.enabled=false");
        }
        cmd.addAll(args);
        log = workDir.resolve("hub-" + (++starts) + ".log");
        process = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** SIGKILL: no shutdown hook, no graceful stop, as a crash or kill -9. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A graceful stop (SIGTERM), as an operator's restart. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The process id of the last start's JVM. */
    public long pid() {
        return process.pid();
    }

    /** The output of the last start. */
    public Path log() {
        return log;
    }

    /** The exit status of the last start's process, once it has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    public String get(String path, String userPassword) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), userPassword).body();
    }

    public HttpResponse<String> send(String method, String path, String userPassword, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, userPassword);
    }

    public HttpResponse<String> send(HttpRequest.Builder b, String userPassword) throws IOException, InterruptedException {
        b.timeout(Duration.ofSeconds(30));
        if (userPassword != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

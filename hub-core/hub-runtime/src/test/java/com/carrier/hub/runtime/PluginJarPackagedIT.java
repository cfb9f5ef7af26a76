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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged hub jar as ./hub does (sandbox profile, PropertiesLauncher with loader.path=plugins) and proves
 * that a connector built outside the repository — compiled here into its own jar — appears in /api/connectors once
 * its jar is dropped into plugins/ and the hub restarted, with no rebuild of the hub.
 */
class PluginJarPackagedIT {

    private static final String CONNECTOR = """
            package com.acme.hub;

            import java.util.List;
            import java.util.Map;
            import org.springframework.boot.autoconfigure.AutoConfiguration;
            import org.springframework.boot.context.properties.ConfigurationProperties;
            import org.springframework.boot.context.properties.EnableConfigurationProperties;
            import org.springframework.context.annotation.Bean;
            import com.carrier.hub.api.Connector;
            import com.carrier.hub.api.ConnectorHealth;

            @AutoConfiguration
            @EnableConfigurationProperties(AcmeCrmConnector.Props.class)
            public class AcmeCrmConnector {

                @ConfigurationProperties("hub.connectors.acme-crm")
                public static class Props {
                    private String region = "591";
                    public String getRegion() { return region; }
                    public void setRegion(String region) { this.region = region; }
                }

                @Bean
                Connector acmeCrm(Props props) {
                    return new Connector() {
                        public String id() { return "acme-crm"; }
                        public String description() { return "Provincial CRM connector built outside the hub"; }
                        public Object properties() { return props; }
                        public ConnectorHealth probe() { return ConnectorHealth.up(Map.of("region", props.getRegion())); }
                        public List<String> endpoints() { return List.of(); }
                    };
                }
            }
            """;

    @TempDir
    Path work;

    private Process hub;

    @AfterEach
    void stopHub() throws InterruptedException {
        stop();
    }

    @Test
    void connectorJarDroppedIntoPluginsAppearsAfterARestart() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        int port = freePort();

        start(plugins, port);
        String before = get(port, "/api/connectors", true);
        assertThat(before).contains("\"id\":\"kafka\"").doesNotContain("acme-crm");
        assertThat(status(port, "/api/connectors", false)).isEqualTo(401);
        stop();

        buildPluginJar(plugins.resolve("acme-crm-connector.jar"));
        start(plugins, port);
        String after = get(port, "/api/connectors", true);
        assertThat(after).contains("\"id\":\"acme-crm\"", "Provincial CRM connector built outside the hub", "\"region\":\"591\"");
        assertThat(after).contains("\"id\":\"kafka\"");
        assertThat(get(port, "/actuator/health", false)).contains("\"status\":\"UP\"");
    }

    private void start(Path plugins, int port) throws Exception {
        Path jar = Path.of(System.getProperty("hub.jar", "target/hub-runtime-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        assertThat(jar).exists();
        Path routes = Path.of("../../routes").toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-Dloader.path=" + plugins, "-jar", jar.toString(),
                "--spring.profiles.active=sandbox", "--server.port=" + port, "--hub.routes.dir=" + routes));
        hub = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("hub-" + System.nanoTime() + ".log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(hub.isAlive()).as("hub process exited early; see logs in %s", work).isTrue();
            try {
                if (get(port, "/actuator/health", false).contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("hub did not report UP within 120 s; logs in " + work);
    }

    private void stop() throws InterruptedException {
        if (hub != null && hub.isAlive()) {
            hub.destroy();
            if (!hub.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                hub.destroyForcibly().waitFor();
            }
        }
        hub = null;
    }

    private void buildPluginJar(Path jar) throws IOException {
        Path src = Files.createDirectories(work.resolve("plugin-src/com/acme/hub"));
        Files.writeString(src.resolve("AcmeCrmConnector.java"), CONNECTOR);
        Path classes = Files.createDirectories(work.resolve("plugin-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("AcmeCrmConnector.java").toString());
        assertThat(rc).as("plugin compiles").isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"));
            out.write("com.acme.hub.AcmeCrmConnector\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    private static String get(int port, String path, boolean admin) throws IOException, InterruptedException {
        return send(port, path, admin).body();
    }

    private static int status(int port, String path, boolean admin) throws IOException, InterruptedException {
        return send(port, path, admin).statusCode();
    }

    private static HttpResponse<String> send(int port, String path, boolean admin) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (admin) {
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

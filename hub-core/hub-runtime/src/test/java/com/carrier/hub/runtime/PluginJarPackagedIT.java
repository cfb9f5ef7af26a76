package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

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

    @Test
    void connectorJarDroppedIntoPluginsAppearsAfterARestart() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path routes = Path.of("../../routes").toAbsolutePath().normalize();
        try (PackagedHub hub = new PackagedHub(work, List.of("--spring.profiles.active=sandbox", "--hub.routes.dir=" + routes))) {
            hub.start(Duration.ofSeconds(120));
            assertThat(hub.get("/api/connectors", "admin:admin")).contains("\"id\":\"kafka\"").doesNotContain("acme-crm");
            assertThat(hub.send("GET", "/api/connectors", null, null, null).statusCode()).isEqualTo(401);
            hub.stop();
            // SIGTERM closes the application before the JVM's hooks stop the embedded database and the broker: the
            // last dispatcher round and the broker's log flush no longer meet a stopped server or a deleted directory
            assertThat(hub.exitValue()).as("exit status of SIGTERM").isEqualTo(143);
            assertThat(Files.readString(hub.log())).contains("SIGTERM: closing the hub before the JVM's shutdown hooks run")
                    .doesNotContain(" ERROR ");

            buildPluginJar(plugins.resolve("acme-crm-connector.jar"));
            hub.start(Duration.ofSeconds(120));
            String after = hub.get("/api/connectors", "admin:admin");
            assertThat(after).contains("\"id\":\"acme-crm\"", "Provincial CRM connector built outside the hub", "\"region\":\"591\"");
            assertThat(after).contains("\"id\":\"kafka\"");
            assertThat(hub.get("/actuator/health", null)).contains("\"status\":\"UP\"");
        }
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
}

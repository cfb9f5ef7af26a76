package com.carrier.hub.runtime.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.carrier.hub.runtime.PackagedHub;
import com.carrier.hub.simulators.EmbeddedDatabase;

/**
 * Two hubs from the packaged jar on one database: a route file applied on one is applied by the other within seconds,
 * each says at GET /api/routes which version every instance runs, and a rollback on the second reaches the first.
 */
class RouteVersionsTwoInstancesPackagedIT {

    private static final String ADMIN = "root:root-pw";
    private static final String V1 = """
            - route:
                id: two-instances-ticker
                from:
                  uri: timer:two-instances?period=60000&repeatCount=1
                  steps:
                    - log: "version one"
            """;
    private static final String V2 = V1.replace("version one", "version two");

    @TempDir
    Path work;

    private final List<PackagedHub> hubs = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void stop() throws InterruptedException {
        for (PackagedHub h : hubs) {
            h.kill();
        }
    }

    @Test
    void aChangeAppliedOnOneInstanceReachesTheOther() throws Exception {
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("routes2");
        for (String node : List.of("node-a", "node-b")) {
            Path dir = work.resolve(node);
            Path routes = Files.createDirectories(dir.resolve("routes"));
            Files.writeString(routes.resolve("two-instances.yaml"), V1);
            Files.createDirectories(dir.resolve("plugins"));
            hubs.add(new PackagedHub(dir, List.of(
                    "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                    "--spring.datasource.password=" + db.password(),
                    "--hub.security.users.root.password=root-pw", "--hub.security.users.root.roles=ADMIN",
                    "--hub.connectors.kafka.enabled=false", "--hub.connectors.sms.enabled=false",
                    "--hub.connectors.portal.enabled=false", "--hub.connectors.mmstore.enabled=false",
                    "--hub.instance.id=" + node, "--hub.routes.dir=" + routes, "--hub.routes.sync-interval=500ms")));
        }
        // one after the other: the first creates the schema and takes the folder in as version 1
        hubs.get(0).start(Duration.ofSeconds(120));
        hubs.get(1).start(Duration.ofSeconds(120));
        assertThat(version(hubs.get(1), "node-a")).isEqualTo(1);
        assertThat(version(hubs.get(1), "node-b")).isEqualTo(1);

        HttpResponse<String> applied = hubs.get(0).send("PUT", "/api/routes/two-instances.yaml?comment=second", ADMIN,
                "application/yaml", V2);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> version(hubs.get(1), "node-b") == 2);
        assertThat(version(hubs.get(0), "node-b")).as("node-a sees what node-b runs").isEqualTo(2);
        assertThat(Files.readString(hubs.get(1).log())).contains("two-instances.yaml version 2 loaded");

        HttpResponse<String> rolledBack = hubs.get(1).send("POST", "/api/routes/two-instances.yaml/rollback?to=1", ADMIN,
                "application/json", "");
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> version(hubs.get(0), "node-a") == 3);
        JsonNode v3 = json.readTree(hubs.get(0).get("/api/routes/two-instances.yaml/versions/3", ADMIN));
        assertThat(v3.get("content").asText()).isEqualTo(V1);
        assertThat(v3.get("author").asText()).isEqualTo("root");
    }

    /** The version {@code instance} runs of the file, as {@code hub} reports it; 0 when not listed. */
    private int version(PackagedHub hub, String instance) throws Exception {
        JsonNode routes = json.readTree(hub.get("/api/routes", ADMIN));
        for (JsonNode i : routes.get("instances")) {
            if (i.get("instanceId").asText().equals(instance) && i.get("file").asText().equals("two-instances.yaml")) {
                return i.get("version").asInt();
            }
        }
        return 0;
    }
}

package com.carrier.hub.runtime.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import com.carrier.hub.runtime.HubIT;

/**
 * Route files are versioned and applied one at a time: a refused edit leaves the running version, a version that
 * fails to start is rolled back on its own, rollback restores an older text byte for byte, a version applied by
 * another instance reaches this one, the folder's files are version 1, export and import round-trip.
 */
class RouteLifecycleIT extends HubIT {

    private static final String ECHO_V1 = """
            # version 1: answers "v1 <body>"
            - route:
                id: test-lifecycle-echo
                from:
                  uri: direct:lifecycle-echo
                  steps:
                    - setBody:
                        simple: "v1 ${body}"
            """;
    private static final String ECHO_V2 = ECHO_V1.replace("version 1", "version 2").replace("v1 ${body}", "v2 ${body}");

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RouteVersions versions;

    @Test
    void folderFilesAreVersionOneFromTheFolder() {
        JsonNode v = as("viewer").getForEntity("/api/routes/good-ticker.yaml/versions/1", JsonNode.class).getBody();
        assertThat(v.get("source").asText()).isEqualTo("FOLDER");
        assertThat(v.get("author").asText()).isEqualTo(RouteLifecycle.FOLDER_AUTHOR);
        assertThat(v.get("content").asText()).isEqualTo(read("good-ticker.yaml"));
        JsonNode routes = as("viewer").getForEntity("/api/routes", JsonNode.class).getBody();
        JsonNode here = null;
        for (JsonNode i : routes.get("instances")) {
            if (i.get("file").asText().equals("good-ticker.yaml") && i.get("instanceId").asText().equals(routes.get("instance").asText())) {
                here = i;
            }
        }
        assertThat(here).as("this instance's row for good-ticker.yaml in %s", routes.get("instances")).isNotNull();
        assertThat(here.get("status").asText()).isEqualTo("LOADED");
        assertThat(here.get("version").asInt()).isEqualTo(1);
    }

    @Test
    void anEditWithAMisspeltOptionIsRefusedAndTheOldVersionKeepsRunning() {
        String file = "lifecycle-misspelt.yaml";
        assertThat(put(file, ECHO_V1.replace("lifecycle-echo", "lifecycle-misspelt"), null).getStatusCode().value()).isEqualTo(200);
        String misspelt = ECHO_V1.replace("lifecycle-echo", "lifecycle-misspelt")
                .replace("uri: direct:lifecycle-misspelt", "uri: direct:lifecycle-misspelt?timeoutt=5000");

        ResponseEntity<JsonNode> refused = put(file, misspelt, null);

        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody().toString()).contains("timeoutt").doesNotContain("Exception:").doesNotContain("at org.");
        assertThat(refused.getBody().get("running").get("version").asInt()).isEqualTo(1);
        assertThat(request("direct:lifecycle-misspelt", "x")).isEqualTo("v1 x");
        assertThat(camel.getRouteController().getRouteStatus("test-lifecycle-misspelt")).isEqualTo(ServiceStatus.Started);
        assertThat(versions.current(file).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aVersionThatFailsToStartIsRolledBackOnItsOwn() {
        String file = "lifecycle-start.yaml";
        String v1 = ECHO_V1.replace("lifecycle-echo", "lifecycle-start");
        assertThat(put(file, v1, null).getStatusCode().value()).isEqualTo(200);
        // parses and passes every check, but direct:greet already has a consumer (allowed-simple.yaml): Camel refuses to start it
        String clash = v1.replace("uri: direct:lifecycle-start", "uri: direct:greet");

        ResponseEntity<JsonNode> answer = put(file, clash, null);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getBody().get("detail").asText()).contains("failed to start", "version 1 was restored");
        assertThat(answer.getBody().get("problems").get(0).get("rule").asText()).isEqualTo("start");
        assertThat(answer.getBody().get("problems").get(0).get("message").asText()).contains("direct://greet");
        assertThat(request("direct:lifecycle-start", "y")).isEqualTo("v1 y");
        assertThat(request("direct:greet", "Ann")).startsWith("Hello Ann");
        assertThat(versions.versions(file)).hasSize(1);
    }

    @Test
    void rollbackRestoresThePreviousVersionByteForByte() {
        String file = "lifecycle-echo.yaml";
        JsonNode v1 = put(file, ECHO_V1, "first cut").getBody();
        JsonNode v2 = put(file, ECHO_V2, null, v1.get("version").asInt()).getBody();
        assertThat(v2.get("version").asInt()).isEqualTo(v1.get("version").asInt() + 1);
        assertThat(request("direct:lifecycle-echo", "a")).isEqualTo("v2 a");

        // an edit made against an older version is refused rather than overwriting the one in between
        ResponseEntity<JsonNode> stale = put(file, ECHO_V2 + "# stale\n", null, v1.get("version").asInt());
        assertThat(stale.getStatusCode().value()).isEqualTo(409);

        JsonNode back = as("admin").postForEntity("/api/routes/" + file + "/rollback?to=" + v1.get("version").asInt(),
                null, JsonNode.class).getBody();

        int v3 = back.get("version").asInt();
        assertThat(v3).isEqualTo(v2.get("version").asInt() + 1);
        assertThat(request("direct:lifecycle-echo", "b")).isEqualTo("v1 b");
        JsonNode stored = as("viewer").getForEntity("/api/routes/" + file + "/versions/" + v3, JsonNode.class).getBody();
        assertThat(stored.get("content").asText()).isEqualTo(ECHO_V1);
        assertThat(stored.get("source").asText()).isEqualTo("ROLLBACK");
        assertThat(stored.get("author").asText()).isEqualTo("admin");
        assertThat(stored.get("diff").asText()).startsWith("--- lifecycle-echo.yaml@" + (v3 - 1)).contains("-# version 2",
                "+# version 1", "-            simple: \"v2 ${body}\"", "+            simple: \"v1 ${body}\"");
        JsonNode list = as("viewer").getForEntity("/api/routes/" + file + "/versions", JsonNode.class).getBody();
        assertThat(list).hasSize(3);
        assertThat(list.get(2).get("comment").asText()).isEqualTo("first cut");
        assertThat(list.get(2).has("content")).isFalse();

        // the audit shows each step, newest first: the rollback, the refused stale edit, the two edits
        JsonNode audit = as("admin").getForEntity("/api/audit?target=" + file, JsonNode.class).getBody().get("items");
        assertThat(audit).hasSize(4);
        assertThat(audit.get(0).get("action").asText()).isEqualTo("routes.rollback");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("admin");
        assertThat(audit.get(0).get("before").get("version").asInt()).isEqualTo(v3 - 1);
        assertThat(audit.get(0).get("after").get("version").asInt()).isEqualTo(v3);
        assertThat(audit.get(1).get("action").asText()).isEqualTo("routes.apply");
        assertThat(audit.get(1).get("outcome").asText()).isEqualTo("409");
        assertThat(audit.get(2).get("after").get("version").asInt()).isEqualTo(v3 - 1);
        assertThat(audit.get(3).has("before")).as("nothing before the first version: %s", audit.get(3)).isFalse();
        assertThat(audit.get(3).get("after").get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aVersionAppliedByAnotherInstanceReachesThisOne() {
        String file = "lifecycle-remote.yaml";
        String v1 = ECHO_V1.replace("lifecycle-echo", "lifecycle-remote");
        put(file, v1, null);
        // what another instance's apply leaves in the database: the next version, current everywhere
        versions.add(file, v1.replace("v1 ${body}", "remote ${body}"), "admin-elsewhere", "applied on another instance",
                RouteVersions.Source.API, null);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(request("direct:lifecycle-remote", "c")).isEqualTo("remote c"));
        Integer runs = jdbc.queryForObject("SELECT version FROM route_file_instance WHERE file = ? AND instance_id = ?",
                Integer.class, file, as("viewer").getForEntity("/api/routes", JsonNode.class).getBody().get("instance").asText());
        assertThat(runs).isEqualTo(2);
    }

    @Test
    void exportGivesTheCurrentVersionsAndImportAppliesABatch() throws Exception {
        String file = "lifecycle-import.yaml";
        String v1 = ECHO_V1.replace("lifecycle-echo", "lifecycle-import");
        put(file, v1, null);
        Map<String, String> exported = unzip(as("viewer").getForEntity("/api/routes/export", byte[].class).getBody());
        assertThat(exported.get(file)).isEqualTo(v1);
        assertThat(exported.get("good-ticker.yaml")).isEqualTo(read("good-ticker.yaml"));

        // a batch with one bad file applies nothing
        String v2 = v1.replace("v1 ${body}", "imported ${body}");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put(file, v2);
        bad.put("lifecycle-import-bad.yaml", "- route:\n    id: test-import-bad\n    from:\n      uri: exec:rm\n");
        ResponseEntity<JsonNode> refused = importZip(bad);
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody().toString()).contains("lifecycle-import-bad.yaml", "exec");
        assertThat(request("direct:lifecycle-import", "d")).isEqualTo("v1 d");

        ResponseEntity<JsonNode> imported = importZip(Map.of(file, v2));
        assertThat(imported.getStatusCode().value()).isEqualTo(200);
        assertThat(imported.getBody().get("changes").get(file).asText()).startsWith("applied as version");
        assertThat(request("direct:lifecycle-import", "d")).isEqualTo("imported d");
        assertThat(versions.versions(file).get(0).source()).isEqualTo(RouteVersions.Source.IMPORT);
    }

    @Test
    void badNamesAndRolesAreRefused() {
        assertThat(put("../etc/passwd.yaml", ECHO_V1, null).getStatusCode().value()).isIn(400, 404);
        assertThat(put("Upper.yaml", ECHO_V1, null).getStatusCode().value()).isEqualTo(400);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/yaml"));
        assertThat(as("operator").exchange("/api/routes/x.yaml", HttpMethod.PUT, new HttpEntity<>(ECHO_V1, headers),
                String.class).getStatusCode().value()).isEqualTo(403);
        assertThat(as("admin").getForEntity("/api/routes/no-such-file.yaml/versions", JsonNode.class).getStatusCode().value())
                .isEqualTo(404);
        // a misspelt parameter is refused, never ignored; so is an oversize comment
        ResponseEntity<JsonNode> misspelt = put("lifecycle-echo-typo.yaml", ECHO_V1, null, null, "baseVersoin=1");
        assertThat(misspelt.getStatusCode().value()).isEqualTo(400);
        assertThat(misspelt.getBody().at("/errors/0/field").asText()).isEqualTo("baseVersoin");
        assertThat(misspelt.getBody().at("/errors/0/message").asText()).contains("baseVersion", "comment");
        ResponseEntity<JsonNode> longComment = put("lifecycle-echo-typo.yaml", ECHO_V1, "x".repeat(501));
        assertThat(longComment.getStatusCode().value()).isEqualTo(400);
        assertThat(longComment.getBody().at("/errors/0/field").asText()).isEqualTo("comment");
        assertThat(versions.current("lifecycle-echo-typo.yaml")).isEmpty();
    }

    private ResponseEntity<JsonNode> put(String file, String text, String comment) {
        return put(file, text, comment, null);
    }

    private ResponseEntity<JsonNode> put(String file, String text, String comment, Integer baseVersion) {
        return put(file, text, comment, baseVersion, null);
    }

    private ResponseEntity<JsonNode> put(String file, String text, String comment, Integer baseVersion, String more) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/yaml"));
        String query = (comment == null ? "" : "comment=" + comment) + (baseVersion == null ? "" : "&baseVersion=" + baseVersion)
                + (more == null ? "" : "&" + more);
        return as("admin").exchange("/api/routes/" + file + (query.isEmpty() ? "" : "?" + query), HttpMethod.PUT,
                new HttpEntity<>(text, headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> importZip(Map<String, String> files) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("application/zip"));
        return as("admin").exchange("/api/routes/import", HttpMethod.POST, new HttpEntity<>(bytes.toByteArray(), headers),
                JsonNode.class);
    }

    private static Map<String, String> unzip(byte[] archive) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                files.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private String request(String uri, String body) {
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            return producer.requestBody(uri, body, String.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String read(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/it-routes", name));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

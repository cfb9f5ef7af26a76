package com.carrier.hub.runtime.routes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.campaign.HubInstance;
import com.carrier.hub.runtime.web.InvalidRequest;

/**
 * The routes that run, where they came from, their counters and last error; the route files, their versions and what
 * each instance runs; apply, roll back, export and import of route files.
 */
@RestController
@RequestMapping("/api/routes")
public class RoutesController {

    /** The longest comment a version keeps. */
    static final int MAX_COMMENT_CHARS = 500;
    /** The largest import archive. */
    static final int MAX_ARCHIVE_BYTES = 16 << 20;

    /** One running route. */
    public record RouteView(String id, String sourceFile, int version, String from, String status, long completed,
                            long failed, long deadLettered, int inflight, String lastError, Instant lastErrorAt) {
    }

    /** A route file: what runs of it here, and the version every instance should run. */
    public record FileView(String file, int version, Integer currentVersion, RouteFile.Status status, List<String> routeIds,
                           String error, Instant loadedAt) {
    }

    /** Routes, route files, and which version of each file every live instance runs. */
    public record RoutesView(String instance, List<RouteView> routes, List<FileView> files,
                             List<RouteVersions.InstanceFile> instances) {
    }

    /** The routes folder or an archive taken in: per file what became of it, then the routes. */
    public record ImportView(Map<String, String> changes, List<RouteView> routes, List<FileView> files) {
    }

    private final CamelContext camel;
    private final RouteFileLoader loader;
    private final RouteLifecycle lifecycle;
    private final RouteVersions versions;
    private final RouteStatistics statistics;
    private final HubInstance instance;
    private final RoutesProperties properties;

    public RoutesController(CamelContext camel, RouteFileLoader loader, RouteLifecycle lifecycle, RouteVersions versions,
                            RouteStatistics statistics, HubInstance instance, RoutesProperties properties) {
        this.camel = camel;
        this.loader = loader;
        this.lifecycle = lifecycle;
        this.versions = versions;
        this.statistics = statistics;
        this.instance = instance;
        this.properties = properties;
    }

    @GetMapping
    @Operation(summary = "Routes with source file and version, status, exchange counters and last error; route files with"
            + " LOADED, REFUSED or SKIPPED, the version running here and the current one; which version each live instance runs")
    public RoutesView list() {
        return new RoutesView(instance.id(), routes(), files(), versions.instances(instance.lease()));
    }

    @PostMapping("/reload")
    @Operation(summary = "Take the routes folder in (ADMIN): each new or changed file is validated and applied as a"
            + " version, one file at a time; a refused file leaves its running version")
    public ImportView reload(Principal user) {
        Map<String, String> changes = lifecycle.importFolder(user.getName());
        return new ImportView(changes, routes(), files());
    }

    @GetMapping("/{file}")
    @Operation(summary = "The current version of a route file, with its text")
    public RouteVersions.Version current(@PathVariable String file) {
        RouteLifecycle.requireName(file);
        RouteVersions.Current c = versions.current(file).orElseThrow(() -> notFound(file + " has no versions"));
        return versions.version(file, c.version()).orElseThrow();
    }

    @GetMapping("/{file}/versions")
    @Operation(summary = "Every version of a route file, newest first: author, time, comment, source and the diff to the one before")
    public List<RouteVersions.Version> versions(@PathVariable String file) {
        RouteLifecycle.requireName(file);
        List<RouteVersions.Version> all = versions.versions(file);
        if (all.isEmpty()) {
            throw notFound(file + " has no versions");
        }
        return all;
    }

    @GetMapping("/{file}/versions/{n}")
    @Operation(summary = "One version of a route file, with its text and its diff to the one before")
    public RouteVersions.Version version(@PathVariable String file, @PathVariable int n) {
        RouteLifecycle.requireName(file);
        return versions.version(file, n).orElseThrow(() -> notFound(file + " has no version " + n));
    }

    @PutMapping(value = "/{file}", consumes = {"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
    @Operation(summary = "Validate a route file's text and apply it as the next version (ADMIN): only this file's routes"
            + " are drained and replaced; if the new ones fail to start the previous version is restored. baseVersion, when"
            + " given, must be the current version")
    public RouteLifecycle.Applied apply(@PathVariable String file, @RequestBody String text,
                                        @RequestParam(required = false) String comment,
                                        @RequestParam(required = false) Integer baseVersion, Principal user) {
        checkSize(file, text);
        checkComment(comment);
        return lifecycle.apply(file, text, user.getName(), comment, RouteVersions.Source.API, baseVersion);
    }

    @PostMapping("/{file}/rollback")
    @Operation(summary = "Apply version `to` of a route file again, byte for byte, as the next version (ADMIN)")
    public RouteLifecycle.Applied rollback(@PathVariable String file, @RequestParam int to,
                                           @RequestParam(required = false) String comment, Principal user) {
        checkComment(comment);
        return lifecycle.rollback(file, to, user.getName(), comment);
    }

    @GetMapping(value = "/export", produces = "application/zip")
    @Operation(summary = "The current version of every route file, as a zip of files (for a Git workflow)")
    public ResponseEntity<byte[]> export() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (RouteVersions.Current c : versions.currents()) {
                if (c.retired()) {
                    continue;
                }
                RouteVersions.Version v = versions.version(c.file(), c.version()).orElseThrow();
                ZipEntry entry = new ZipEntry(c.file());
                entry.setComment("version " + v.version() + " by " + v.author());
                zip.putNextEntry(entry);
                zip.write(v.content().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        String name = "routes-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".zip";
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .contentType(MediaType.parseMediaType("application/zip")).body(bytes.toByteArray());
    }

    @PostMapping(value = "/import", consumes = "application/zip")
    @Operation(summary = "Apply a zip of route files (as exported) as a batch of versions (ADMIN): every file is validated"
            + " first and nothing is applied if any has a problem; then each changed file is applied in turn")
    public ImportView importArchive(@RequestBody byte[] archive, @RequestParam(required = false) String comment,
                                    Principal user) throws IOException {
        checkComment(comment);
        if (archive.length > MAX_ARCHIVE_BYTES) {
            throw new RouteLifecycle.Refused(HttpStatus.PAYLOAD_TOO_LARGE, "the archive is larger than "
                    + (MAX_ARCHIVE_BYTES >> 20) + " MiB", List.of(), null);
        }
        Map<String, String> texts = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive), StandardCharsets.UTF_8)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory()) {
                    continue;
                }
                RouteLifecycle.requireName(e.getName());
                byte[] content = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, properties.getMaxFileSize().toBytes() + 1));
                String text = new String(content, StandardCharsets.UTF_8);
                checkSize(e.getName(), text);
                if (texts.put(e.getName(), text) != null) {
                    throw new RouteLifecycle.Refused(HttpStatus.BAD_REQUEST, "the archive holds " + e.getName() + " twice",
                            List.of(), null);
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new RouteLifecycle.Refused(HttpStatus.BAD_REQUEST, "the body is not a zip archive of route files: "
                    + e.getMessage(), List.of(), null);
        }
        if (texts.isEmpty()) {
            throw new RouteLifecycle.Refused(HttpStatus.BAD_REQUEST, "the archive holds no route files", List.of(), null);
        }
        Map<String, String> changes = lifecycle.importBatch(texts, user.getName(), comment);
        return new ImportView(changes, routes(), files());
    }

    @ExceptionHandler(RouteLifecycle.Refused.class)
    ResponseEntity<ProblemDetail> refused(RouteLifecycle.Refused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        if (!e.problems().isEmpty()) {
            problem.setProperty("problems", e.problems());
        }
        if (e.running() != null) {
            problem.setProperty("running", e.running());
        }
        return ResponseEntity.status(e.status()).body(problem);
    }

    private void checkSize(String file, String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > properties.getMaxFileSize().toBytes()) {
            throw new RouteLifecycle.Refused(HttpStatus.PAYLOAD_TOO_LARGE, file + " is larger than "
                    + properties.getMaxFileSize() + " (hub.routes.max-file-size)", List.of(), null);
        }
    }

    private static void checkComment(String comment) {
        if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
            throw new InvalidRequest("the version is not applied", List.of(new FieldError("comment",
                    "at most " + MAX_COMMENT_CHARS + " characters, was " + comment.length())));
        }
    }

    private static RouteLifecycle.Refused notFound(String message) {
        return new RouteLifecycle.Refused(HttpStatus.NOT_FOUND, message, List.of(), null);
    }

    private List<RouteView> routes() {
        return camel.getRoutes().stream()
                .sorted((a, b) -> a.getRouteId().compareTo(b.getRouteId()))
                .map(this::view).toList();
    }

    private List<FileView> files() {
        Map<String, Integer> current = new LinkedHashMap<>();
        versions.currents().forEach(c -> current.put(c.file(), c.retired() ? null : c.version()));
        List<FileView> views = new ArrayList<>();
        for (RouteFile f : loader.files()) {
            views.add(new FileView(f.file(), f.version(), current.get(f.file()), f.status(), f.routeIds(), f.error(), f.loadedAt()));
        }
        return views;
    }

    private RouteView view(Route r) {
        RouteStatistics.Counters c = statistics.of(r.getRouteId());
        String file = loader.fileOf(r.getRouteId());
        int version = file == null ? 0 : loader.file(file).map(RouteFile::version).orElse(0);
        return new RouteView(r.getRouteId(), file, version, r.getEndpoint().getEndpointBaseUri(),
                String.valueOf(camel.getRouteController().getRouteStatus(r.getRouteId())), c.completed(), c.failed(),
                c.deadLettered(), camel.getInflightRepository().size(r.getRouteId()), c.lastError(), c.lastErrorAt());
    }
}

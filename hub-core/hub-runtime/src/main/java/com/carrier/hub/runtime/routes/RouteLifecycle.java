package com.carrier.hub.runtime.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.campaign.HubInstance;

/**
 * Which version of which route file runs, on every instance sharing the database. The database keeps every applied
 * version ({@link RouteVersions}); this class applies one file at a time through {@link RouteFileLoader}:
 * <ul>
 *   <li>{@link #apply}: validate, then swap only that file's routes (drained first, bounded), keep the new text as
 *       the next version only once it runs; if it fails to start, the previous version is started again and the
 *       answer says why. Rollback is an apply of an older version's text, kept as a new version.</li>
 *   <li>At start: every file runs at its current version; then the routes folder is taken in — a file new in the
 *       folder becomes a version, a file whose folder text changed since it was last taken becomes the next version
 *       (applied like an edit through the API, so a refused folder edit leaves the running version), a file that came
 *       from the folder and is gone from it is retired. The folder wins when it changed; otherwise the database does.</li>
 *   <li>Every {@code hub.routes.sync-interval} each instance compares what it runs with the current versions and
 *       applies what another instance changed, the same way.</li>
 * </ul>
 */
@Component
public class RouteLifecycle implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteLifecycle.class);

    /** A route file's name: lower case, no folders. */
    static final Pattern FILE_NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]*\\.ya?ml$");

    /** The author of versions taken from the routes folder at start. */
    public static final String FOLDER_AUTHOR = "routes-folder";

    /** What an apply did. */
    public enum Result { APPLIED, UNCHANGED }

    /** An apply's answer: the version that runs now and this instance's state of the file. */
    public record Applied(String file, Result result, int version, RouteFile running) {
    }

    /** An apply that changed nothing, or whose new version did not start; the answer names why. */
    public static class Refused extends RuntimeException {

        private final transient HttpStatus status;
        private final transient List<RouteProblem> problems;
        private final transient RouteFile running;

        Refused(HttpStatus status, String message, List<RouteProblem> problems, RouteFile running) {
            super(message);
            this.status = status;
            this.problems = List.copyOf(problems);
            this.running = running;
        }

        public HttpStatus status() {
            return status;
        }

        public List<RouteProblem> problems() {
            return problems;
        }

        public RouteFile running() {
            return running;
        }
    }

    private final RouteFileLoader loader;
    private final RouteVersions versions;
    /** Looked up when first needed: it needs the CamelContext, which needs this class to be built. */
    private final ObjectProvider<RouteValidation> validation;
    private final RoutesProperties properties;
    private final HubInstance instance;
    private final AuditTrail audit;
    /** The version each file last failed to start at here, so that sync does not retry it every round. */
    private final Map<String, Integer> failedHere = new HashMap<>();
    private volatile CamelContext camel;
    private volatile boolean started;

    public RouteLifecycle(RouteFileLoader loader, RouteVersions versions, ObjectProvider<RouteValidation> validation,
                          RoutesProperties properties, HubInstance instance, AuditTrail audit) {
        this.loader = loader;
        this.versions = versions;
        this.validation = validation;
        this.properties = properties;
        this.instance = instance;
        this.audit = audit;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
        loader.camel(camelContext);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
        loader.camel(camelContext);
        synchronized (this) {
            sync();
            importFolder(FOLDER_AUTHOR);
            started = true;
        }
    }

    /**
     * Validates the text and applies it as the next version of the file on this instance; the other instances follow
     * within {@code hub.routes.sync-interval}. {@code baseVersion}, when given, must be the current version (an edit
     * made against an older version is refused rather than overwriting the one in between).
     *
     * @throws Refused with 400 and the problems for an invalid text or one that failed to start (the previous version
     *                 runs), 409 when the base version is not current or the running routes stayed busy
     */
    public synchronized Applied apply(String file, String text, String author, String comment, RouteVersions.Source source,
                                      Integer baseVersion) {
        return apply(file, text, author, comment, source, baseVersion, null);
    }

    /** Keeps version {@code to}'s text as the next version and applies it. */
    public synchronized Applied rollback(String file, int to, String author, String comment) {
        requireName(file);
        RouteVersions.Version target = versions.version(file, to).orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND,
                file + " has no version " + to, List.of(), loader.file(file).orElse(null)));
        String note = comment == null || comment.isBlank() ? "rollback to version " + to : comment;
        return apply(file, target.content(), author, note, RouteVersions.Source.ROLLBACK, null, null);
    }

    /**
     * Takes the routes folder in, as at start: new and changed files are applied as versions by {@code author}, files
     * that came from the folder and are gone from it are retired.
     *
     * @return per file: the version applied, or why not
     */
    public synchronized Map<String, String> importFolder(String author) {
        Map<String, String> outcome = new LinkedHashMap<>();
        Path dir = Path.of(properties.getDir());
        if (!Files.isDirectory(dir)) {
            LOG.warn("routes: folder {} does not exist (hub.routes.dir); no route files taken from it", dir.toAbsolutePath());
            return outcome;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                String name = p.getFileName().toString();
                if (!FILE_NAME.matcher(name).matches()) {
                    LOG.warn("routes: {} in {} ignored: a route file's name is lower case letters, digits, '.', '_' and"
                            + " '-', ending in .yaml or .yml", name, dir.toAbsolutePath());
                    outcome.put(name, "ignored: not a route file name");
                    continue;
                }
                texts.put(name, Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.error("routes: cannot read {}: {}", dir.toAbsolutePath(), e.getMessage());
            return outcome;
        }
        Map<String, RouteVersions.Current> current = versions.currents().stream()
                .collect(Collectors.toMap(RouteVersions.Current::file, c -> c));
        texts.forEach((name, text) -> {
            String sha = RouteVersions.sha256(text);
            RouteVersions.Current c = current.get(name);
            if (c != null && !c.retired() && sha.equals(c.folderSha256())) {
                outcome.put(name, "unchanged since taken from the folder: version " + c.version() + " runs");
                return;
            }
            try {
                Applied a = apply(name, text, author, "taken from the routes folder", RouteVersions.Source.FOLDER, null, sha);
                outcome.put(name, a.result() == Result.UNCHANGED ? "unchanged: version " + a.version() + " runs"
                        : "applied as version " + a.version());
            } catch (Refused r) {
                String why = r.getMessage() + (r.problems().isEmpty() ? "" : ": " + r.problems().stream()
                        .map(RouteProblem::describe).collect(Collectors.joining("; ")));
                loader.refused(name, why);
                audit.record(author, "routes.take-from-folder", name, AuditTrail.REFUSED, versionOf(current.get(name)), null, why);
                outcome.put(name, "refused: " + why);
            }
        });
        for (RouteVersions.Current c : current.values()) {
            if (!texts.containsKey(c.file()) && c.folderSha256() != null && !c.retired()) {
                versions.retire(c.file());
                retireHere(c.file(), c.version());
                audit.record(author, "routes.retire", c.file(), versionOf(c), null, "gone from the routes folder "
                        + dir.toAbsolutePath());
                outcome.put(c.file(), "retired: gone from the routes folder");
            }
        }
        return outcome;
    }

    /**
     * Applies a set of route files as a batch of versions: every text is validated first, and if any has a problem
     * nothing is applied (the answer lists every file's problems); then each changed file is applied in turn, and a
     * file whose new version fails to start keeps its previous one while the others go on. Files not in the batch are
     * left as they are.
     */
    public synchronized Map<String, String> importBatch(Map<String, String> texts, String author, String comment) {
        List<RouteProblem> problems = new ArrayList<>();
        texts.forEach((name, text) -> {
            requireName(name);
            problems.addAll(validate(name, text));
        });
        if (!problems.isEmpty()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "nothing imported: " + problems.size() + " problem(s) in "
                    + problems.stream().map(RouteProblem::file).distinct().toList(), problems, null);
        }
        Map<String, String> outcome = new LinkedHashMap<>();
        String note = comment == null || comment.isBlank() ? "imported" : comment;
        texts.forEach((name, text) -> {
            try {
                Applied a = apply(name, text, author, note, RouteVersions.Source.IMPORT, null, null);
                outcome.put(name, a.result() == Result.UNCHANGED ? "unchanged: version " + a.version() + " runs"
                        : "applied as version " + a.version());
            } catch (Refused r) {
                outcome.put(name, "not applied: " + r.getMessage() + (r.problems().isEmpty() ? "" : ": " + r.problems()
                        .stream().map(RouteProblem::describe).collect(Collectors.joining("; "))));
            }
        });
        return outcome;
    }

    /**
     * Brings this instance to the current versions: applies a file whose current version differs from the one it runs,
     * stops retired files. A version that failed to start here is not retried until a newer one is current.
     */
    @Scheduled(fixedDelayString = "#{@routesProperties.syncInterval.toMillis()}",
            initialDelayString = "#{@routesProperties.syncInterval.toMillis()}")
    public void syncRound() {
        if (!started) {
            return;
        }
        synchronized (this) {
            sync();
        }
    }

    private void sync() {
        for (RouteVersions.Current c : versions.currents()) {
            Optional<RouteFile> here = loader.file(c.file());
            if (c.retired()) {
                if (here.isPresent()) {
                    retireHere(c.file(), c.version());
                }
                continue;
            }
            if (here.isPresent() && here.get().version() == c.version() || Integer.valueOf(c.version()).equals(failedHere.get(c.file()))) {
                continue;
            }
            String text = versions.version(c.file(), c.version()).orElseThrow().content();
            int was = here.map(RouteFile::version).orElse(0);
            RouteFileLoader.Outcome o = loader.swap(c.file(), c.version(), text);
            record(c.file(), c.version(), o);
            if (o.swap() == RouteFileLoader.Swap.BUSY || !started) {
                continue; // busy: tried again next round; at start: the instance starting is no change to record
            }
            audit.record(AuditTrail.SYSTEM, "routes.follow", c.file(), o.swap() == RouteFileLoader.Swap.APPLIED
                    ? AuditTrail.OK : AuditTrail.REFUSED, Map.of("version", was), Map.of("version", c.version()),
                    "instance " + instance.id() + (o.swap() == RouteFileLoader.Swap.APPLIED ? " runs the current version"
                    : " could not apply it: " + o.error()));
        }
    }

    private Applied apply(String file, String text, String author, String comment, RouteVersions.Source source,
                          Integer baseVersion, String folderSha) {
        requireName(file);
        Optional<RouteVersions.Current> current = versions.current(file);
        Optional<RouteFile> here = loader.file(file);
        if (baseVersion != null && current.map(RouteVersions.Current::version).orElse(0) != baseVersion) {
            throw new Refused(HttpStatus.CONFLICT, file + ": the current version is " + current.map(c -> String.valueOf(c.version()))
                    .orElse("none") + ", not " + baseVersion + " (baseVersion): fetch it and edit that", List.of(), here.orElse(null));
        }
        if (current.isPresent() && !current.get().retired()) {
            RouteVersions.Version cv = versions.version(file, current.get().version()).orElseThrow();
            if (cv.sha256().equals(RouteVersions.sha256(text))
                    && here.map(f -> f.version() == cv.version()).orElse(false)) {
                if (folderSha != null) {
                    versions.folderSeen(file, folderSha);
                }
                return new Applied(file, Result.UNCHANGED, cv.version(), here.get());
            }
        }
        List<RouteProblem> problems = validate(file, text);
        if (!problems.isEmpty()) {
            throw new Refused(HttpStatus.BAD_REQUEST, file + ": not applied, " + problems.size() + " problem(s); "
                    + here.map(f -> "version " + f.version() + " runs on").orElse("nothing of it runs"), problems, here.orElse(null));
        }
        int next = versions.next(file);
        RouteFileLoader.Outcome o = loader.swap(file, next, text);
        switch (o.swap()) {
            case BUSY -> throw new Refused(HttpStatus.CONFLICT, o.error(), List.of(), o.running());
            case RESTORED, REFUSED -> throw new Refused(HttpStatus.BAD_REQUEST, file + ": the new version failed to start; "
                    + (o.swap() == RouteFileLoader.Swap.RESTORED ? "version " + o.running().version() + " was restored and runs"
                    : "nothing of it runs"), List.of(new RouteProblem(file, null, null, "start", null, o.error())), o.running());
            default -> { }
        }
        RouteVersions.Version stored = versions.add(file, text, author, comment, source, folderSha);
        loader.mark(file, stored.version(), o.running().error());
        failedHere.remove(file);
        RouteFile running = loader.file(file).orElseThrow();
        versions.recordInstance(instance.id(), file, stored.version(), running.status().name(), running.error());
        LOG.info("routes: {} version {} applied by {} ({})", file, stored.version(), author, source);
        Map<String, Object> before = versionOf(current.filter(c -> !c.retired()).orElse(null));
        Map<String, Object> after = Map.of("version", stored.version(), "sha256", stored.sha256(), "source", source.name());
        if (source == RouteVersions.Source.API || source == RouteVersions.Source.ROLLBACK) {
            audit.change(before, after); // the PUT or rollback request's own audit record
        } else {
            audit.record(author, source == RouteVersions.Source.FOLDER ? "routes.take-from-folder" : "routes.import", file,
                    before, after, comment);
        }
        return new Applied(file, Result.APPLIED, stored.version(), running);
    }

    /**
     * Every problem of a text before anything runs it ({@link RouteValidation}): YAML, the allowlist, the DSL, endpoint
     * options, Kamelet parameters, placeholders, route ids used by another file. Camel's start is the last check.
     */
    private List<RouteProblem> validate(String file, String text) {
        Map<String, String> routeFiles = new HashMap<>();
        for (RouteFile f : loader.files()) {
            f.routeIds().forEach(id -> routeFiles.put(id, f.file()));
        }
        camel.getRoutes().forEach(r -> routeFiles.putIfAbsent(r.getRouteId(), null));
        RouteValidation.Result result = validation.getObject().validate(file, text, routeFiles);
        if (result.skipped() == null) {
            return result.problems();
        }
        // a file this hub skips (its connector is absent here): the connector's Kamelets cannot be found here, which is
        // why it is skipped, not a problem; every other problem still counts
        return result.problems().stream().filter(p -> !RouteFileValidator.KAMELET.equals(p.rule())).toList();
    }

    private void record(String file, int version, RouteFileLoader.Outcome o) {
        switch (o.swap()) {
            case APPLIED -> {
                failedHere.remove(file);
                versions.recordInstance(instance.id(), file, version, o.running().status().name(), o.running().error());
            }
            case BUSY -> LOG.warn("routes: {}: version {} not yet applied here, the running routes are busy; next round",
                    file, version);
            case RESTORED, REFUSED -> {
                failedHere.put(file, version);
                String error = "version " + version + " failed to start here: " + o.error();
                loader.mark(file, o.running().version(), o.swap() == RouteFileLoader.Swap.RESTORED
                        ? error + "; version " + o.running().version() + " runs on" : error);
                versions.recordInstance(instance.id(), file, o.running().version(),
                        o.swap() == RouteFileLoader.Swap.RESTORED ? RouteFile.Status.LOADED.name() : RouteFile.Status.REFUSED.name(),
                        error);
            }
            default -> { }
        }
    }

    private void retireHere(String file, int version) {
        if (loader.stop(file)) {
            versions.recordInstance(instance.id(), file, version, "RETIRED", null);
            LOG.info("routes: {} retired: its routes stopped", file);
        }
    }

    private Map<String, Object> versionOf(RouteVersions.Current c) {
        if (c == null) {
            return null;
        }
        return versions.version(c.file(), c.version()).<Map<String, Object>>map(v -> Map.of("version", v.version(),
                "sha256", v.sha256())).orElse(Map.of("version", c.version()));
    }

    static void requireName(String file) {
        if (file == null || !FILE_NAME.matcher(file).matches()) {
            throw new Refused(HttpStatus.BAD_REQUEST, "'" + file + "' is not a route file name: lower case letters, digits,"
                    + " '.', '_' and '-', ending in .yaml or .yml, no folders", List.of(), null);
        }
    }
}

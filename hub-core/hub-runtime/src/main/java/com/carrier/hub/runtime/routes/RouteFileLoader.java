package com.carrier.hub.runtime.routes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RouteStartupOrder;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads the YAML route files of {@code hub.routes.dir} one file at a time, after Camel has started, so that a file
 * with an error (a misspelt option, an unknown endpoint parameter, bad YAML) is refused with the file, the route and
 * the problem named — and every other file's routes still run. Before Camel reads a file, {@link RouteFileValidator}
 * holds it to the allowlist of {@code hub.routes.allow.*} (a file that breaks a rule is refused naming it) and skips
 * it when its Kamelets belong to a disabled connector. {@link #reload()} applies edited files.
 */
@Component
public class RouteFileLoader implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileLoader.class);

    private final RoutesProperties properties;
    private final RouteFileValidator validator;
    private final Map<String, RouteFile> files = new LinkedHashMap<>();
    private CamelContext camel;

    public RouteFileLoader(RoutesProperties properties, RouteFileValidator validator) {
        this.properties = properties;
        this.validator = validator;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
        loadAll();
    }

    /** Every route file's status, in load order. */
    public synchronized List<RouteFile> files() {
        return List.copyOf(files.values());
    }

    /** The file a route came from, or null for routes not loaded from the routes folder. */
    public synchronized String fileOf(String routeId) {
        for (RouteFile f : files.values()) {
            if (f.routeIds().contains(routeId)) {
                return f.file();
            }
        }
        return null;
    }

    /**
     * Stops the routes loaded from the folder, consumers first, waiting at most {@code hub.routes.reload-timeout} in
     * all for their exchanges in flight, removes them and loads the folder again, file by file. A file whose routes
     * still have exchanges in flight at the timeout is not stopped: its routes run on as they were, their work
     * completes (nothing is forced, so nothing reaches Camel's fatal fallback), and the file says so; reload again.
     */
    public synchronized List<RouteFile> reload() {
        long deadline = System.nanoTime() + properties.getReloadTimeout().toNanos();
        Map<String, RouteFile> busy = new LinkedHashMap<>();
        for (RouteFile f : files.values()) {
            String stillBusy = stopGracefully(f.routeIds(), deadline);
            if (stillBusy == null) {
                removeRoutes(f.routeIds());
            } else {
                String note = f.file() + ": not reloaded: " + stillBusy + " after " + properties.getReloadTimeout()
                        + " (hub.routes.reload-timeout); its routes run on as before, reload again once their work is done";
                LOG.warn("routes: {}", note);
                busy.put(f.file(), new RouteFile(f.file(), f.status(), f.routeIds(), note, f.loadedAt()));
            }
        }
        files.clear();
        files.putAll(busy);
        loadAll();
        return files();
    }

    /**
     * Stops the routes in reverse start order, as Camel's shutdown does, within the deadline; on a timeout the route
     * keeps running (the graceful stop is aborted, not forced) and the ones already stopped are started again.
     *
     * @return null when every route stopped, else which route was still busy
     */
    private String stopGracefully(List<String> routeIds, long deadline) {
        List<String> order = camel.getCamelContextExtension().getRouteStartupOrder().stream()
                .filter(o -> routeIds.contains(o.getRoute().getRouteId()))
                .sorted(Comparator.comparingInt(RouteStartupOrder::getStartupOrder).reversed())
                .map(o -> o.getRoute().getRouteId()).toList();
        List<String> stopped = new ArrayList<>();
        for (String id : order) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            boolean done;
            try {
                done = camel.getRouteController().stopRoute(id, left, TimeUnit.MILLISECONDS, true);
            } catch (Exception e) {
                LOG.warn("routes: could not stop route {}: {}", id, e.getMessage());
                done = true; // removeRoutes tries again and reports
            }
            if (!done) {
                int inflight = camel.getInflightRepository().size(id);
                for (String s : stopped) {
                    try {
                        camel.getRouteController().startRoute(s);
                    } catch (Exception e) {
                        LOG.warn("routes: could not restart route {}: {}", s, e.getMessage());
                    }
                }
                return "route " + id + " still had " + inflight + " exchange(s) in flight";
            }
            stopped.add(id);
        }
        return null;
    }

    private synchronized void loadAll() {
        Path dir = Path.of(properties.getDir());
        if (!Files.isDirectory(dir)) {
            LOG.warn("routes: folder {} does not exist (hub.routes.dir); no routes loaded", dir.toAbsolutePath());
            return;
        }
        List<Path> paths;
        try (Stream<Path> list = Files.list(dir)) {
            paths = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            LOG.error("routes: cannot list {}: {}", dir.toAbsolutePath(), e.getMessage());
            return;
        }
        for (Path p : paths) {
            if (!files.containsKey(p.toString())) {
                RouteFile result = load(p);
                files.put(result.file(), result);
            }
        }
    }

    private RouteFile load(Path path) {
        String name = path.toString();
        Set<String> before = routeIds();
        Set<String> definitionsBefore = definitionIds();
        try {
            // Camel loads the very text that was checked, not the file read a second time
            String text = Files.readString(path, StandardCharsets.UTF_8);
            RouteFileValidator.Verdict verdict = validator.check(text, camel);
            if (verdict.status() == RouteFile.Status.SKIPPED) {
                String reason = name + ": skipped: its Kamelets belong to connector " + verdict.disabledConnector()
                        + ", which is disabled (hub.connectors." + verdict.disabledConnector() + ".enabled=false)"
                        + " or not configured";
                LOG.info("routes: {}", reason);
                return new RouteFile(name, RouteFile.Status.SKIPPED, List.of(), reason, Instant.now());
            }
            if (verdict.status() == RouteFile.Status.REFUSED) {
                String error = name + ": refused by the route allowlist (hub.routes.allow.*): "
                        + String.join("; ", verdict.violations());
                LOG.error("routes: refused {}", error);
                return new RouteFile(name, RouteFile.Status.REFUSED, List.of(), error, Instant.now());
            }
            Resource resource = ResourceHelper.fromString("file:" + path.toAbsolutePath(), text);
            RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
            Collection<RoutesBuilder> builders = loader.findRoutesBuilders(resource);
            for (RoutesBuilder builder : builders) {
                camel.addRoutes(builder);
            }
            List<String> created = new ArrayList<>(routeIds());
            created.removeAll(before);
            LOG.info("routes: {} loaded, routes {}", name, created);
            return new RouteFile(name, RouteFile.Status.LOADED, created, null, Instant.now());
        } catch (Exception e) {
            List<String> created = new ArrayList<>(routeIds());
            created.removeAll(before);
            removeRoutes(created);
            removeDefinitionsAddedSince(definitionsBefore);
            String error = name + ": " + describe(e);
            LOG.error("routes: refused {}", error);
            return new RouteFile(name, RouteFile.Status.REFUSED, List.of(), error, Instant.now());
        }
    }

    private void removeRoutes(Collection<String> ids) {
        for (String id : ids) {
            try {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("routes: could not remove route {}: {}", id, e.getMessage());
            }
        }
    }

    private void removeDefinitionsAddedSince(Set<String> before) {
        ModelCamelContext model = (ModelCamelContext) camel;
        List<RouteDefinition> added = model.getRouteDefinitions().stream()
                .filter(d -> d.getRouteId() == null || !before.contains(d.getRouteId())).toList();
        try {
            model.removeRouteDefinitions(added);
        } catch (Exception e) {
            LOG.warn("routes: could not remove refused route definitions: {}", e.getMessage());
        }
    }

    private Set<String> routeIds() {
        Set<String> ids = new HashSet<>();
        for (Route r : camel.getRoutes()) {
            ids.add(r.getRouteId());
        }
        return ids;
    }

    private Set<String> definitionIds() {
        Set<String> ids = new HashSet<>();
        for (RouteDefinition d : ((ModelCamelContext) camel).getRouteDefinitions()) {
            ids.add(d.getRouteId());
        }
        return ids;
    }

    private static String describe(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (c instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
                // YAML problems name the place: line and column are 0-based in the mark
                m = m + " (line " + (yaml.getProblemMark().get().getLine() + 1) + ", column "
                        + (yaml.getProblemMark().get().getColumn() + 1) + ")";
            }
            if (m != null && !all.toString().contains(m)) {
                if (!all.isEmpty()) {
                    all.append(" <- ");
                }
                all.append(m.strip());
            }
        }
        return all.isEmpty() ? e.getClass().getSimpleName() : all.toString();
    }
}

package com.carrier.hub.runtime.routes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RouteStartupOrder;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs route files in Camel, one file at a time: loads a file's text, swaps a running file for another version of it,
 * stops a file. A file with an error (a misspelt option, an unknown endpoint parameter, bad YAML) is refused with the
 * file, the route and the problem named — and every other file's routes still run. Before Camel reads a text,
 * {@link RouteFileValidator} holds it to the allowlist of {@code hub.routes.allow.*} (a text that breaks a rule is
 * refused naming it) and skips it when its Kamelets belong to a disabled connector. Which version of which file runs
 * is decided by {@link RouteLifecycle}; this class only does it.
 */
@Component
public class RouteFileLoader {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileLoader.class);

    /** What came of a swap. */
    public enum Swap {
        /** The new version runs (or is skipped for a disabled connector, as it would be at start). */
        APPLIED,
        /** The old version's routes still had work in flight at the deadline: they run on, nothing changed. */
        BUSY,
        /** The new version failed to start; the old version was started again and runs. */
        RESTORED,
        /** The new version failed to start and there was no old version running. */
        REFUSED
    }

    /** A swap's outcome: what runs now, and the new version's error when it did not start. */
    public record Outcome(Swap swap, RouteFile running, String error) {
    }

    private record Running(RouteFile file, String text) {
    }

    private final RoutesProperties properties;
    private final RouteFileValidator validator;
    /** Read without the lock, so GET /api/routes answers while a file's routes drain; written under it. */
    private final Map<String, Running> files = new ConcurrentHashMap<>();
    private volatile CamelContext camel;

    public RouteFileLoader(RoutesProperties properties, RouteFileValidator validator) {
        this.properties = properties;
        this.validator = validator;
    }

    void camel(CamelContext camelContext) {
        this.camel = camelContext;
    }

    /** Every route file's status, by name. */
    public List<RouteFile> files() {
        return files.values().stream().map(Running::file).sorted(Comparator.comparing(RouteFile::file)).toList();
    }

    /** The file a route came from, or null for routes not loaded from a route file. */
    public String fileOf(String routeId) {
        for (Running r : files.values()) {
            if (r.file().routeIds().contains(routeId)) {
                return r.file().file();
            }
        }
        return null;
    }

    /** The running state of a file, if this instance has one. */
    public Optional<RouteFile> file(String name) {
        return Optional.ofNullable(files.get(name)).map(Running::file);
    }

    /**
     * Runs {@code text} as version {@code version} of the file instead of what runs now: the file's routes are stopped
     * consumers first, waiting at most {@code hub.routes.reload-timeout} for their exchanges in flight, and removed;
     * the new text is loaded; if it fails to start, the old text is loaded again. Routes of other files are untouched.
     */
    public synchronized Outcome swap(String name, int version, String text) {
        Running old = files.get(name);
        boolean oldRuns = old != null && old.file().status() == RouteFile.Status.LOADED;
        if (oldRuns) {
            long deadline = System.nanoTime() + properties.getReloadTimeout().toNanos();
            String stillBusy = stopGracefully(old.file().routeIds(), deadline);
            if (stillBusy != null) {
                String note = name + ": version " + version + " not applied: " + stillBusy + " after "
                        + properties.getReloadTimeout() + " (hub.routes.reload-timeout); version " + old.file().version()
                        + " runs on as before, apply again once its work is done";
                LOG.warn("routes: {}", note);
                return new Outcome(Swap.BUSY, old.file(), note);
            }
            removeRoutes(old.file().routeIds());
        }
        RouteFile loaded = load(name, version, text);
        if (loaded.status() != RouteFile.Status.REFUSED) {
            files.put(name, new Running(loaded, text));
            return new Outcome(Swap.APPLIED, loaded, null);
        }
        if (!oldRuns) {
            files.put(name, new Running(loaded, text));
            return new Outcome(Swap.REFUSED, loaded, loaded.error());
        }
        RouteFile restored = load(name, old.file().version(), old.text());
        String note = "version " + version + " failed to start and version " + old.file().version() + " was restored: "
                + loaded.error();
        LOG.warn("routes: {}: {}", name, note);
        files.put(name, new Running(restored.withNote(restored.status() == RouteFile.Status.LOADED ? note
                : restored.error()), old.text()));
        return new Outcome(Swap.RESTORED, files.get(name).file(), loaded.error());
    }

    /** Marks the running state of a file with the version number it was stored as, or with a note. */
    synchronized void mark(String name, int version, String note) {
        Running r = files.get(name);
        if (r != null) {
            files.put(name, new Running(r.file().withVersion(version).withNote(note), r.text()));
        }
    }

    /** Records a text that was refused before it reached Camel, for a file that does not run. */
    synchronized void refused(String name, String error) {
        Running r = files.get(name);
        if (r == null || r.file().status() != RouteFile.Status.LOADED) {
            files.put(name, new Running(new RouteFile(name, r == null ? 0 : r.file().version(), RouteFile.Status.REFUSED,
                    List.of(), error, Instant.now()), r == null ? null : r.text()));
        } else {
            files.put(name, new Running(r.file().withNote(error), r.text()));
        }
    }

    /**
     * Stops and removes a file's routes (waiting as a swap does); false when they were still busy at the deadline and
     * run on.
     */
    public synchronized boolean stop(String name) {
        Running old = files.get(name);
        if (old == null) {
            return true;
        }
        String stillBusy = stopGracefully(old.file().routeIds(), System.nanoTime() + properties.getReloadTimeout().toNanos());
        if (stillBusy != null) {
            LOG.warn("routes: {}: not stopped: {}; it runs on", name, stillBusy);
            return false;
        }
        removeRoutes(old.file().routeIds());
        files.remove(name);
        return true;
    }

    /**
     * Stops the routes in reverse start order, as Camel's shutdown does, within the deadline; on a timeout the route
     * keeps running (the graceful stop is aborted, not forced) and the ones already stopped are started again.
     *
     * @return null when every route stopped, else which route was still busy
     */
    private String stopGracefully(List<String> routeIds, long deadline) {
        // Routes that take work from outside (Kafka, SFTP, a timer) stop first and drain, while the routes they hand
        // their exchanges to (a Kamelet's kamelet:sink, direct:, seda:) still run; those stop after, in reverse start
        // order. Stopping the receiving route first would leave the sender's exchange waiting for a consumer.
        List<String> order = camel.getCamelContextExtension().getRouteStartupOrder().stream()
                .filter(o -> routeIds.contains(o.getRoute().getRouteId()))
                .sorted(Comparator.comparing((RouteStartupOrder o) -> fedByAnotherRoute(o.getRoute()))
                        .thenComparing(Comparator.comparingInt(RouteStartupOrder::getStartupOrder).reversed()))
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

    private RouteFile load(String name, int version, String text) {
        Set<String> before = routeIds();
        Set<String> definitionsBefore = definitionIds();
        try {
            RouteFileValidator.Verdict verdict = validator.check(text, camel);
            if (verdict.status() == RouteFile.Status.SKIPPED) {
                String id = verdict.disabledConnector();
                String reason = name + ": skipped: its Kamelets belong to connector " + id + ", which this hub does not"
                        + " have (a connector module turned off, hub.connectors." + id + ".enabled=false, or an SFTP peer"
                        + " without hub.peers." + id + ".host)";
                LOG.info("routes: {}", reason);
                return new RouteFile(name, version, RouteFile.Status.SKIPPED, List.of(), reason, Instant.now());
            }
            if (verdict.status() == RouteFile.Status.REFUSED) {
                String error = name + ": refused by the route allowlist (hub.routes.allow.*): "
                        + String.join("; ", verdict.violations());
                LOG.error("routes: refused {}", error);
                return new RouteFile(name, version, RouteFile.Status.REFUSED, List.of(), error, Instant.now());
            }
            // Camel loads the very text that was checked; the resource is named after the file, for Camel's messages
            Resource resource = ResourceHelper.fromString("file:" + name, text);
            RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
            Collection<RoutesBuilder> builders = loader.findRoutesBuilders(resource);
            for (RoutesBuilder builder : builders) {
                camel.addRoutes(builder);
            }
            List<String> created = new ArrayList<>(routeIds());
            created.removeAll(before);
            LOG.info("routes: {} version {} loaded, routes {}", name, version, created);
            return new RouteFile(name, version, RouteFile.Status.LOADED, created, null, Instant.now());
        } catch (Exception e) {
            List<String> created = new ArrayList<>(routeIds());
            created.removeAll(before);
            removeRoutes(created);
            removeDefinitionsAddedSince(definitionsBefore);
            String error = name + ": " + describe(e);
            LOG.error("routes: refused {}", error);
            return new RouteFile(name, version, RouteFile.Status.REFUSED, List.of(), error, Instant.now());
        }
    }

    private static boolean fedByAnotherRoute(Route route) {
        String uri = route.getEndpoint().getEndpointUri();
        return uri.startsWith("kamelet:") || uri.startsWith("direct:") || uri.startsWith("seda:");
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

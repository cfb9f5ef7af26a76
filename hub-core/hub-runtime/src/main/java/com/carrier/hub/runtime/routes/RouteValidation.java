package com.carrier.hub.runtime.routes;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.SuggestionStrategy;
import org.apache.camel.catalog.impl.DefaultRuntimeCamelCatalog;
import org.apache.camel.component.kamelet.Kamelet;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.tooling.model.ComponentModel;
import org.apache.camel.util.TimeUtils;
import org.apache.camel.util.URISupport;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.routes.RouteFileValidator.EndpointUse;
import com.carrier.hub.runtime.routes.RouteFileValidator.Inspection;
import com.carrier.hub.runtime.routes.RouteFileValidator.PlaceholderUse;
import com.carrier.hub.runtime.routes.RouteFileValidator.RouteIdUse;

/**
 * Checks a route file's text before it is applied and answers every problem found, each with its file, route, line,
 * rule and subject (Kafka Connect's validate is the model): YAML syntax and duplicate keys, the allowlist of
 * {@code hub.routes.allow.*} ({@link RouteFileValidator}), the YAML DSL's schema (Camel's own routes loader parses
 * each route; nothing is added to the CamelContext), unknown or ill-typed endpoint options (Camel's runtime catalog,
 * from the metadata each component jar carries), unknown and missing Kamelet parameters (Camel itself ignores an
 * unknown one), placeholders that do not resolve, and route ids that another file already uses or that the file
 * uses twice. Nothing is applied.
 */
@Component
public class RouteValidation {

    /** The rules this service adds to the allowlist's. */
    public static final String YAML = "yaml";
    public static final String DSL = "dsl";
    public static final String ENDPOINT_OPTION = "endpoint-option";
    public static final String KAMELET_PARAMETER = "kamelet-parameter";
    public static final String PLACEHOLDER = "placeholder";
    public static final String ROUTE_ID = "route-id";

    /**
     * What a route file would become.
     *
     * @param problems every problem found, in file order; empty when the file is valid
     * @param skipped  non-null when the file's Kamelets belong to a connector this hub does not have: the file would
     *                 be skipped, not loaded (its endpoints, Kamelet parameters and placeholders are then not checked)
     */
    public record Result(List<RouteProblem> problems, String skipped) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final RouteFileValidator allowlist;
    private final CamelContext camel;
    private volatile DefaultRuntimeCamelCatalog catalog;

    public RouteValidation(RouteFileValidator allowlist, CamelContext camel) {
        this.allowlist = allowlist;
        this.camel = camel;
    }

    /**
     * Validates a file's text against the routes running now: a route id that a route of another file (or of the hub
     * itself) has is a problem, the file's own current routes are not.
     *
     * @param file bare file name ({@code boss-order-to-orders.yaml}); names the problems and the file's own routes
     */
    public Result validate(String file, String yaml) {
        return validate(file, yaml, runningRouteFiles());
    }

    /**
     * Validates a file's text against the given routes.
     *
     * @param file       bare file name ({@code boss-order-to-orders.yaml})
     * @param routeFiles every route id in use, with the bare name of the file it comes from (null for a route that no
     *                   route file defines); those of {@code file} itself do not count
     */
    public Result validate(String file, String yaml, Map<String, String> routeFiles) {
        List<RouteProblem> problems = new ArrayList<>();
        Node root;
        try {
            root = RouteFileValidator.compose(yaml);
        } catch (MarkedYamlEngineException e) {
            Integer line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(null);
            String column = e.getProblemMark().map(m -> " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")")
                    .orElse("");
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            problems.add(new RouteProblem(file, null, line, YAML, null, "not valid YAML: " + context + e.getProblem() + column));
            return new Result(problems, null);
        } catch (YamlEngineException e) {
            problems.add(new RouteProblem(file, null, null, YAML, null, "not valid YAML: " + e.getMessage()));
            return new Result(problems, null);
        }
        if (root == null) {
            problems.add(new RouteProblem(file, null, null, YAML, null, "the file is empty; a route file is a list of route: entries"));
            return new Result(problems, null);
        }
        duplicateKeys(file, root, problems);
        Inspection inspection = allowlist.inspect(file, root, camel);
        problems.addAll(inspection.verdict().problems());
        String skipped = null;
        if (inspection.verdict().status() == RouteFile.Status.SKIPPED) {
            String id = inspection.verdict().disabledConnector();
            skipped = "its Kamelets belong to connector " + id + ", which this hub does not have (a connector module turned"
                    + " off, hub.connectors." + id + ".enabled=false, or an SFTP peer without hub.peers." + id + ".host)";
        }
        if (root instanceof SequenceNode routes) {
            dsl(file, yaml, routes, problems);
        }
        if (skipped == null) {
            Set<String> refused = new HashSet<>(); // components the allowlist refused: their options do not matter
            inspection.verdict().problems().stream().filter(p -> p.rule().equals(RouteFileValidator.COMPONENT))
                    .forEach(p -> refused.add(p.subject()));
            for (EndpointUse e : inspection.endpoints()) {
                endpoint(file, e, refused, problems);
            }
            for (PlaceholderUse p : inspection.placeholders()) {
                placeholder(file, p, problems);
            }
        }
        routeIds(file, inspection.routeIds(), routeFiles, problems);
        problems.sort(Comparator.comparing((RouteProblem p) -> p.line() == null ? 0 : p.line()));
        return new Result(List.copyOf(problems), skipped);
    }

    /** Every running route's id with the bare name of the file its definition was loaded from (null for none). */
    public Map<String, String> runningRouteFiles() {
        Map<String, String> files = new HashMap<>();
        for (org.apache.camel.Route r : camel.getRoutes()) {
            Resource source = r.getSourceResource();
            String location = source == null ? null : source.getLocation();
            files.put(r.getRouteId(), location == null ? null : baseName(location));
        }
        return files;
    }

    // --- 1. YAML: a key given twice in one mapping is kept once by the DSL, silently; refuse it

    private void duplicateKeys(String file, Node node, List<RouteProblem> problems) {
        duplicateKeys(file, node, problems, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private void duplicateKeys(String file, Node node, List<RouteProblem> problems, Set<Node> seen) {
        if (!seen.add(node)) {
            return; // an alias: checked where it was defined
        }
        if (node instanceof SequenceNode s) {
            s.getValue().forEach(n -> duplicateKeys(file, n, problems, seen));
        } else if (node instanceof MappingNode m) {
            Map<String, Node> keys = new HashMap<>();
            for (NodeTuple t : m.getValue()) {
                String key = RouteFileValidator.scalar(t.getKeyNode());
                if (key != null && keys.putIfAbsent(key, t.getKeyNode()) != null) {
                    problems.add(new RouteProblem(file, null, RouteFileValidator.line(t.getKeyNode()), YAML, key,
                            "key '" + key + "' is given twice in the same mapping (first at line "
                                    + RouteFileValidator.line(keys.get(key)) + "); only one would count"));
                }
                duplicateKeys(file, t.getValueNode(), problems, seen);
            }
        }
    }

    // --- 3. the DSL's schema, one route at a time so that one route's error does not hide another's

    private void dsl(String file, String yaml, SequenceNode routes, List<RouteProblem> problems) {
        String[] lines = yaml.split("\n", -1);
        List<int[]> spans = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        int previousEnd = -1;
        boolean separable = true;
        for (Node item : routes.getValue()) {
            if (!(item instanceof MappingNode entry) || entry.getValue().size() != 1
                    || !"route".equals(RouteFileValidator.scalar(entry.getValue().get(0).getKeyNode()))) {
                continue; // the allowlist refuses anything but route: entries; Camel never reads them here
            }
            int start = item.getStartMark().map(m -> m.getLine()).orElse(-1);
            int end = item.getEndMark().map(m -> m.getColumn() == 0 ? m.getLine() - 1 : m.getLine()).orElse(-1);
            if (start < 0 || end < start || start <= previousEnd) {
                separable = false; // flow style, several routes on one line
            }
            previousEnd = end;
            spans.add(new int[] {start, end});
            ids.add(routeIdOf(entry));
        }
        if (spans.isEmpty()) {
            return;
        }
        if (!separable) {
            parse(file, null, yaml, problems);
            return;
        }
        for (int i = 0; i < spans.size(); i++) {
            // the route alone, at its own lines (the others blanked), so that Camel's marks are the file's lines
            StringBuilder text = new StringBuilder(yaml.length());
            for (int l = 0; l < lines.length; l++) {
                if (l >= spans.get(i)[0] && l <= spans.get(i)[1]) {
                    text.append(lines[l]);
                }
                text.append('\n');
            }
            parse(file, ids.get(i), text.toString(), problems);
        }
    }

    /** Parses the text with Camel's routes loader into route definitions that are not added to the context. */
    private void parse(String file, String routeId, String text, List<RouteProblem> problems) {
        String name = file != null && (file.endsWith(".yaml") || file.endsWith(".yml")) ? file : "route.yaml";
        try {
            Resource resource = ResourceHelper.fromString("file:" + name, text);
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
                if (builder instanceof RouteBuilder routeBuilder) {
                    routeBuilder.configureRoutes(camel);
                }
            }
        } catch (Exception e) {
            problems.add(dslProblem(file, routeId, e));
        }
    }

    private static RouteProblem dslProblem(String file, String routeId, Exception e) {
        MarkedYamlEngineException marked = null;
        String deepest = null;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MarkedYamlEngineException m && marked == null) {
                marked = m;
            }
            if (c.getMessage() != null) {
                deepest = c.getMessage();
            }
        }
        if (marked != null) {
            Integer line = marked.getProblemMark().map(m -> m.getLine() + 1).orElse(null);
            String problem = marked.getProblem() == null ? "" : marked.getProblem().strip();
            String subject = null;
            int colon = problem.lastIndexOf(": ");
            if (colon >= 0 && !problem.substring(colon + 2).contains(" ")) {
                subject = problem.substring(colon + 2); // "Unsupported field: mesage"
            }
            String message = problem.startsWith("Unsupported field: ")
                    ? "unknown key '" + subject + "': the YAML DSL has no such option here (misspelt, or at the wrong level?)"
                    : problem;
            return new RouteProblem(file, routeId, line, DSL, subject, message);
        }
        return new RouteProblem(file, routeId, null, DSL, null, deepest == null ? "the YAML DSL cannot read this route" : deepest);
    }

    private static String routeIdOf(MappingNode entry) {
        if (entry.getValue().get(0).getValueNode() instanceof MappingNode body) {
            for (NodeTuple t : body.getValue()) {
                if ("id".equals(RouteFileValidator.scalar(t.getKeyNode()))) {
                    return RouteFileValidator.scalar(t.getValueNode());
                }
            }
        }
        return null;
    }

    // --- 4. and 5. endpoint options, Kamelet parameters

    private void endpoint(String file, EndpointUse use, Set<String> refused, List<RouteProblem> problems) {
        String uri = use.uri();
        if (uri.contains("${") || uri.contains("$simple{")) {
            return; // computed at run time: the allowlist has refused it (dynamic-endpoint)
        }
        int colon = uri.indexOf(':');
        boolean dslForm = colon < 0;
        String scheme = (dslForm ? uri : uri.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (refused.contains(scheme)) {
            return;
        }
        // option name -> where it is written: the parameters: key, or the URI for its query
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, Node> where = new HashMap<>();
        String path = dslForm ? "" : uri.substring(colon + 1);
        if (path.contains("?")) {
            String query = path.substring(path.indexOf('?') + 1);
            path = path.substring(0, path.indexOf('?'));
            try {
                for (Map.Entry<String, Object> q : URISupport.parseQuery(query, true, true).entrySet()) {
                    options.put(q.getKey(), String.valueOf(q.getValue()));
                    where.put(q.getKey(), use.uriNode());
                }
            } catch (URISyntaxException e) {
                problems.add(new RouteProblem(file, use.routeId(), RouteFileValidator.line(use.uriNode()), ENDPOINT_OPTION,
                        uri, "the options of '" + uri + "' cannot be read: " + e.getMessage()));
                return;
            }
        }
        for (NodeTuple t : use.parameters()) {
            String key = RouteFileValidator.scalar(t.getKeyNode());
            if (key != null) {
                String value = RouteFileValidator.scalar(t.getValueNode());
                options.put(key, value == null ? "" : value);
                where.put(key, t.getKeyNode());
            }
        }
        if ("kamelet".equals(scheme)) {
            kamelet(file, use, path, options, where, problems);
        } else {
            options(file, use, scheme, dslForm, uri, options, where, problems);
        }
    }

    private void options(String file, EndpointUse use, String scheme, boolean dslForm, String uri, Map<String, String> given,
                         Map<String, Node> where, List<RouteProblem> problems) {
        DefaultRuntimeCamelCatalog catalog = catalog();
        if (catalog.componentModel(scheme) == null) {
            problems.add(new RouteProblem(file, use.routeId(), RouteFileValidator.line(use.uriNode()), RouteFileValidator.COMPONENT,
                    scheme, "component '" + scheme + "' is not on this hub's classpath"));
            return;
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (!dslForm) {
            String base = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
            try {
                all.putAll(catalog.endpointProperties(base)); // the path's options, by name
            } catch (URISyntaxException | RuntimeException e) {
                problems.add(new RouteProblem(file, use.routeId(), RouteFileValidator.line(use.uriNode()), ENDPOINT_OPTION,
                        base, "'" + base + "' does not match " + scheme + "'s syntax: " + e.getMessage()));
                return;
            }
        }
        all.putAll(given);
        EndpointValidationResult result = catalog.validateProperties(scheme, all);
        String endpoint = dslForm ? scheme : uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        Set<String> unknown = result.getUnknown() == null ? Set.of() : result.getUnknown();
        for (String option : unknown) {
            String[] suggestions = result.getUnknownSuggestions() == null ? null
                    : (String[]) result.getUnknownSuggestions().get(option);
            problems.add(new RouteProblem(file, use.routeId(), line(where, option, use), ENDPOINT_OPTION, option,
                    "unknown option '" + option + "' of " + endpoint + didYouMean(suggestions)));
        }
        Map<Object, Object> integers = new LinkedHashMap<>(result.getInvalidInteger() == null ? Map.of() : result.getInvalidInteger());
        integers.values().removeIf(RouteValidation::isDuration); // Camel sets "1s" on a millisecond option as 1000
        invalid(file, use, where, endpoint, integers, "an integer (or a duration such as 1s for milliseconds)", problems);
        invalid(file, use, where, endpoint, result.getInvalidNumber(), "a number", problems);
        invalid(file, use, where, endpoint, result.getInvalidBoolean(), "true or false", problems);
        invalid(file, use, where, endpoint, result.getInvalidDuration(), "a duration (60000, 60s, 1m)", problems);
        invalid(file, use, where, endpoint, result.getInvalidReference(), "a reference to a bean (#name)", problems);
        invalid(file, use, where, endpoint, result.getInvalidArray(), "a list", problems);
        invalid(file, use, where, endpoint, result.getInvalidMap(), "a map", problems);
        if (result.getInvalidEnum() != null) {
            for (Object o : result.getInvalidEnum().entrySet()) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) o;
                String option = String.valueOf(e.getKey());
                List<?> choices = result.getEnumChoices(option);
                problems.add(new RouteProblem(file, use.routeId(), line(where, option, use), ENDPOINT_OPTION, option,
                        "option '" + option + "' of " + endpoint + " is '" + e.getValue() + "', not one of " + choices));
            }
        }
        if (result.getRequired() != null) {
            for (Object o : result.getRequired()) {
                String option = String.valueOf(o);
                problems.add(new RouteProblem(file, use.routeId(), RouteFileValidator.line(use.uriNode()), ENDPOINT_OPTION, option,
                        "option '" + option + "' of " + endpoint + " is required"));
            }
        }
        if (result.getSyntaxError() != null) {
            problems.add(new RouteProblem(file, use.routeId(), RouteFileValidator.line(use.uriNode()), ENDPOINT_OPTION, endpoint,
                    "'" + endpoint + "' does not match " + scheme + "'s syntax: " + result.getSyntaxError()));
        }
    }

    private static boolean isDuration(Object value) {
        try {
            TimeUtils.toMilliSeconds(String.valueOf(value));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void invalid(String file, EndpointUse use, Map<String, Node> where, String endpoint, Map<?, ?> invalid,
                                String expected, List<RouteProblem> problems) {
        if (invalid == null) {
            return;
        }
        for (Map.Entry<?, ?> e : invalid.entrySet()) {
            String option = String.valueOf(e.getKey());
            problems.add(new RouteProblem(file, use.routeId(), line(where, option, use), ENDPOINT_OPTION, option,
                    "option '" + option + "' of " + endpoint + " is '" + e.getValue() + "', which is not " + expected));
        }
    }

    private void kamelet(String file, EndpointUse use, String path, Map<String, String> given, Map<String, Node> where,
                         List<RouteProblem> problems) {
        String name = path.split("/", 2)[0];
        if (name.isEmpty() || name.contains("{{")) {
            return;
        }
        Map<String, Object> spec = kameletDefinition(name);
        Integer at = RouteFileValidator.line(use.uriNode());
        if (spec == null) {
            problems.add(new RouteProblem(file, use.routeId(), at, RouteFileValidator.KAMELET, name,
                    "no Kamelet '" + name + "' at " + kameletLocation() + " (" + name + ".kamelet.yaml)"));
            return;
        }
        Map<?, ?> properties = spec.get("properties") instanceof Map<?, ?> p ? p : Map.of();
        Set<String> parameters = new TreeSet<>();
        properties.keySet().forEach(k -> parameters.add(String.valueOf(k)));
        Set<String> ownOptions = new HashSet<>(); // the kamelet component's own options (routeId, location, ...)
        ComponentModel kamelet = catalog().componentModel("kamelet");
        if (kamelet != null) {
            kamelet.getEndpointOptions().forEach(o -> ownOptions.add(o.getName()));
        }
        for (String p : given.keySet()) {
            if (!parameters.contains(p) && !ownOptions.contains(p) && !p.contains("{{")) {
                problems.add(new RouteProblem(file, use.routeId(), line(where, p, use), KAMELET_PARAMETER, p,
                        "Kamelet " + name + " has no parameter '" + p + "'" + didYouMean(similar(parameters, p))
                                + " (its parameters: " + parameters + ")"));
            }
        }
        if (spec.get("required") instanceof List<?> required) {
            for (Object r : required) {
                String p = String.valueOf(r);
                boolean hasDefault = properties.get(p) instanceof Map<?, ?> d && d.containsKey("default");
                if (!given.containsKey(p) && !hasDefault) {
                    problems.add(new RouteProblem(file, use.routeId(), at, KAMELET_PARAMETER, p,
                            "Kamelet " + name + " needs parameter '" + p + "'" + description(properties.get(p))));
                }
            }
        }
    }

    /** A Kamelet's {@code spec.definition}, read where Camel's kamelet component reads it; null when there is none. */
    private Map<String, Object> kameletDefinition(String name) {
        for (String location : kameletLocation().split(",")) {
            String base = location.strip();
            if (base.isEmpty()) {
                continue;
            }
            Resource resource = PluginHelper.getResourceLoader(camel)
                    .resolveResource(base + (base.endsWith("/") ? "" : "/") + name + ".kamelet.yaml");
            if (resource == null || !resource.exists()) {
                continue;
            }
            try (var in = resource.getInputStream()) {
                Object doc = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
                Object definition = walk(doc, "spec", "definition");
                @SuppressWarnings("unchecked")
                Map<String, Object> map = definition instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                return map;
            } catch (Exception e) {
                return Map.of(); // Camel reports an unreadable Kamelet when it loads it
            }
        }
        return null;
    }

    private String kameletLocation() {
        KameletComponent component = camel.getComponent("kamelet", KameletComponent.class);
        String location = component == null ? null : component.getLocation();
        return location == null ? Kamelet.DEFAULT_LOCATION : location;
    }

    private static Object walk(Object doc, String... keys) {
        Object at = doc;
        for (String k : keys) {
            at = at instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return at;
    }

    private static String description(Object property) {
        return property instanceof Map<?, ?> m && m.get("description") != null
                ? " (" + String.valueOf(m.get("description")).strip() + ")" : "";
    }

    // --- 6. placeholders that resolve

    private void placeholder(String file, PlaceholderUse use, List<RouteProblem> problems) {
        if (use.name() == null || use.raw().strip().startsWith("?")) {
            return; // {{name:default}} and {{?name}} always resolve
        }
        if (camel.getPropertiesComponent().resolveProperty(use.name()).isEmpty()) {
            problems.add(new RouteProblem(file, use.routeId(), RouteFileValidator.line(use.at()), PLACEHOLDER, use.name(),
                    "{{" + use.raw() + "}} does not resolve: no setting " + use.name()));
        }
    }

    // --- 7. route ids

    private static void routeIds(String file, List<RouteIdUse> ids, Map<String, String> routeFiles, List<RouteProblem> problems) {
        Map<String, Integer> seen = new HashMap<>();
        for (RouteIdUse id : ids) {
            Integer line = RouteFileValidator.line(id.at());
            if (seen.containsKey(id.routeId())) {
                problems.add(new RouteProblem(file, id.routeId(), line, ROUTE_ID, id.routeId(),
                        "route id '" + id.routeId() + "' is used twice in this file (first at line " + seen.get(id.routeId()) + ")"));
                continue;
            }
            seen.put(id.routeId(), line);
            if (routeFiles.containsKey(id.routeId())) {
                String owner = routeFiles.get(id.routeId());
                if (owner == null) {
                    problems.add(new RouteProblem(file, id.routeId(), line, ROUTE_ID, id.routeId(),
                            "route id '" + id.routeId() + "' is already used by a route of the hub that no route file defines"));
                } else if (!baseName(owner).equals(baseName(file))) {
                    problems.add(new RouteProblem(file, id.routeId(), line, ROUTE_ID, id.routeId(),
                            "route id '" + id.routeId() + "' is already used by route file " + baseName(owner)));
                }
            }
        }
    }

    // --- suggestions

    private static String didYouMean(String[] suggestions) {
        return suggestions == null || suggestions.length == 0 ? "" : didYouMean(List.of(suggestions));
    }

    private static String didYouMean(List<String> suggestions) {
        if (suggestions.isEmpty()) {
            return "";
        }
        return "; did you mean " + String.join(" or ", suggestions.stream().map(s -> "'" + s + "'").toList()) + "?";
    }

    /**
     * The names closest to the one given, by edit distance (at most a third of its length, and 1 at least), nearest
     * first; the suggestion strategy Camel's runtime catalog leaves open (its tooling catalog has one, in a jar of
     * every component's metadata that the hub does not need).
     */
    static List<String> similar(Collection<String> names, String given) {
        String g = given.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, g.length() / 3);
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String n : names) {
            int d = distance(g, n.toLowerCase(Locale.ROOT));
            if (d <= limit) {
                scored.add(new Scored(n, d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        return scored.stream().limit(3).map(Scored::name).toList();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** The hub's own runtime catalog (not the context's shared one), with the suggestions above. */
    private DefaultRuntimeCamelCatalog catalog() {
        DefaultRuntimeCamelCatalog c = catalog;
        if (c == null) {
            synchronized (this) {
                c = catalog;
                if (c == null) {
                    c = new DefaultRuntimeCamelCatalog(true);
                    c.setCamelContext(camel);
                    SuggestionStrategy strategy = (names, unknown) -> similar(names, unknown).toArray(String[]::new);
                    c.setSuggestionStrategy(strategy);
                    c.start();
                    catalog = c;
                }
            }
        }
        return c;
    }

    private static Integer line(Map<String, Node> where, String option, EndpointUse use) {
        Node at = where.get(option);
        return RouteFileValidator.line(at != null ? at : use.uriNode());
    }

    private static String baseName(String location) {
        String s = location.replace('\\', '/');
        return s.substring(s.lastIndexOf('/') + 1).replaceFirst("^file:", "").replaceFirst("^classpath:", "");
    }
}

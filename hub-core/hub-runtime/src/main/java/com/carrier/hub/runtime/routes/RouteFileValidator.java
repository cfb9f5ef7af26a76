package com.carrier.hub.runtime.routes;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.Secret;
import com.carrier.hub.runtime.connectors.ConnectorRegistry;
import com.carrier.hub.runtime.responses.ResponsesComponent;

/**
 * Checks a YAML route file against the allowlist of {@code hub.routes.allow.*} before Camel loads it, so that whoever
 * may reload routes cannot run commands, read files, stop other routes or print secrets through route text. The file
 * is read as a YAML tree and every entry, key and text in it is checked: components named in endpoint URIs, Kamelets,
 * beans, expression languages and the functions of simple expressions, {@code file:} folders and
 * {@code {{placeholders}}}. Each problem names its rule, the route and the line. A file whose Kamelets belong to a
 * disabled connector is skipped rather than refused. Each problem is a {@link RouteProblem}; the same walk records the
 * file's endpoints, admitted placeholders and route ids for {@link RouteValidation}'s further checks (endpoint options,
 * Kamelet parameters, placeholders that resolve). Camel's own validation still runs when the file is loaded.
 */
@Component
public class RouteFileValidator {

    /**
     * What becomes of a route file.
     *
     * @param problems   each rule the file breaks, with its route, line and subject
     * @param violations the same problems as one line each ({@code route r, line 7: rule component: ...})
     */
    public record Verdict(RouteFile.Status status, String disabledConnector, List<RouteProblem> problems,
                          List<String> violations) {

        static Verdict loadable() {
            return new Verdict(RouteFile.Status.LOADED, null, List.of(), List.of());
        }
    }

    /** An endpoint named in a fixed place of a route (from, to, wireTap, kamelet), for the checks of its options. */
    record EndpointUse(String routeId, String uri, Node uriNode, List<NodeTuple> parameters) {
    }

    /** A placeholder the allowlist admits, for the check that it resolves. */
    record PlaceholderUse(String routeId, String raw, String name, Node at) {
    }

    /** A route's id where the file gives one. */
    record RouteIdUse(String routeId, Node at) {
    }

    /** One pass over a file's tree: the allowlist's verdict and what the further checks need. */
    record Inspection(Verdict verdict, List<EndpointUse> endpoints, List<PlaceholderUse> placeholders,
                      List<RouteIdUse> routeIds, boolean routeList) {
    }

    /** The rules, as named in a refusal. */
    static final String TOP_LEVEL = "top-level";
    static final String COMPONENT = "component";
    static final String KAMELET = "kamelet";
    static final String BEAN = "bean";
    static final String BEAN_CLASS = "bean-class";
    static final String LANGUAGE = "language";
    static final String SIMPLE = "simple-function";
    static final String DYNAMIC = "dynamic-endpoint";
    static final String FILE_ROOT = "file-root";
    static final String FILE_PATH = "file-path";
    static final String RESOURCE = "resource";
    static final String PLACEHOLDER_FUNCTION = "placeholder-function";
    static final String PLACEHOLDER_SECRET = "placeholder-secret";
    static final String PLACEHOLDER = "placeholder";

    /** The keys whose value is an endpoint: a URI, {@code uri:} with {@code parameters:}, or the endpoint DSL form. */
    /**
     * The runtime's own endpoints, admitted as a connector's are, whatever hub.routes.allow.* says: the response
     * collection route's source (a consumer only: no route can send to it) and its store step.
     */
    static final Set<String> RUNTIME_COMPONENTS = Set.of(ResponsesComponent.SCHEME);
    static final Set<String> RUNTIME_BEANS = Set.of("responseEventStore");

    private static final Set<String> ENDPOINT_KEYS = Set.of("from", "to", "wireTap");

    /** Every expression language Camel has, by its YAML key; those not in hub.routes.allow.languages are refused. */
    private static final Set<String> LANGUAGES = Set.of("simple", "constant", "header", "exchangeProperty", "variable",
            "tokenize", "jsonpath", "xpath", "xquery", "xtokenize", "jq", "groovy", "js", "joor", "java", "ognl", "mvel",
            "spel", "csimple", "datasonnet", "python", "wasm", "hl7terser", "method", "ref", "language");

    /** EIPs that compute where a message goes at run time: only a constant destination is checkable. */
    private static final Set<String> DYNAMIC_EIPS = Set.of("recipientList", "routingSlip", "dynamicRouter", "enrich",
            "pollEnrich");

    /** Components refused unless admitted even where they are not on the classpath, so that their URIs are recognised. */
    private static final Set<String> DANGEROUS = Set.of("exec", "controlbus", "class", "language", "sql", "jdbc",
            "sql-stored", "ftp", "ftps", "sftp", "scp", "ssh", "http", "https", "netty-http", "netty", "mina", "docker",
            "kubernetes-pods", "jms", "stream", "file-watch", "velocity", "freemarker", "mustache", "xslt", "xslt-saxon",
            "xquery", "groovy", "script", "browse", "ref", "dataset", "stub");

    /** Words that make a property name a secret whatever its class says (compared without '-' and '_'). */
    private static final List<String> SECRET_WORDS = List.of("password", "passphrase", "secret", "token", "credential",
            "privatekey", "apikey");

    private static final Pattern PLACEHOLDER_TEXT = Pattern.compile("\\{\\{([^{}]*)}}");
    private static final Pattern ENDPOINT = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
    private static final Pattern DOT_DOT = Pattern.compile("(^|[/\\\\])\\.\\.([/\\\\]|$)");
    private static final String NAME = "[A-Za-z0-9_-]+";
    /** The functions of simple that read the exchange and nothing else: no OGNL, no beans, no system or environment. */
    private static final List<Pattern> SAFE_SIMPLE = List.of(
            Pattern.compile("(in\\.)?body|bodyType|bodyOneLine|(in\\.)?headers|exchangeProperties|variables"),
            Pattern.compile("(in\\.)?(header|headers|exchangeProperty|variable)(\\." + NAME + "|:" + NAME + "|\\[[A-Za-z0-9_.-]+])"),
            Pattern.compile("exchangeId|id|messageTimestamp|routeId|fromRouteId|camelId|stepId|null|uuid(:" + NAME + ")?"),
            Pattern.compile("exception|exception\\.message|exception\\.stacktrace"),
            Pattern.compile("random\\(\\d+(, *\\d+)?\\)|collate\\(\\d+\\)|skip\\(\\d+\\)"),
            Pattern.compile("date(-with-timezone)?:(now|exchangeCreated|file|messageTimestamp|(header|exchangeProperty|variable)\\."
                    + NAME + ")([+-]\\d+[smhd])*(:[^${}()]*)?"),
            Pattern.compile("file:(name|name\\.noext|name\\.noext\\.single|name\\.ext|name\\.ext\\.single|onlyname"
                    + "|onlyname\\.noext|onlyname\\.noext\\.single|ext|parent|path|absolute|absolute\\.path|length|size|modified)"));
    private static final Pattern SIMPLE_PROPERTIES = Pattern.compile("properties(Exist)?:(.+)");

    private final RoutesProperties properties;
    private final ConnectorRegistry connectors;
    private final Environment environment;
    private final ApplicationContext application;
    private volatile List<Pattern> secretProperties;
    private static final String COMPONENT_DESCRIPTORS = "META-INF/services/org/apache/camel/component/";

    /** Names looked up on the classpath, whether each is a component. */
    private final Map<String, Boolean> knownComponents = new java.util.concurrent.ConcurrentHashMap<>();

    public RouteFileValidator(RoutesProperties properties, ConnectorRegistry connectors, Environment environment,
                              ApplicationContext application) {
        this.properties = properties;
        this.connectors = connectors;
        this.environment = environment;
        this.application = application;
    }

    /**
     * Checks one file's text. A file that is not valid YAML passes, so that Camel's loader reports the syntax error
     * with its place.
     */
    public Verdict check(String text, CamelContext camel) {
        Node root;
        try {
            root = compose(text);
        } catch (RuntimeException e) {
            return Verdict.loadable();
        }
        return root == null ? Verdict.loadable() : inspect(null, root, camel).verdict();
    }

    /** The YAML tree of a file's text, null for an empty file; throws snakeyaml's exception, with its mark, on bad YAML. */
    static Node compose(String text) {
        LoadSettings settings = LoadSettings.builder().build();
        return new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode().orElse(null);
    }

    /** Walks a file's tree once: the allowlist's problems (named with {@code file}), its endpoints, placeholders and route ids. */
    Inspection inspect(String file, Node root, CamelContext camel) {
        Walk walk = new Walk(file, camel);
        walk.file(root);
        Verdict verdict;
        if (walk.disabledConnector != null) {
            verdict = new Verdict(RouteFile.Status.SKIPPED, walk.disabledConnector, List.copyOf(walk.problems.values()),
                    List.of());
        } else if (!walk.problems.isEmpty()) {
            verdict = new Verdict(RouteFile.Status.REFUSED, null, List.copyOf(walk.problems.values()),
                    List.copyOf(walk.problems.keySet()));
        } else {
            verdict = Verdict.loadable();
        }
        return new Inspection(verdict, List.copyOf(walk.endpoints), List.copyOf(walk.placeholders),
                List.copyOf(walk.routeIds), root instanceof SequenceNode);
    }

    /** One pass over one file's tree; collects every violation rather than stopping at the first. */
    private final class Walk {

        private final String fileName;
        private final CamelContext camel;
        /** Each problem by its one-line form, so that one found twice (an alias used twice) counts once. */
        private final Map<String, RouteProblem> problems = new LinkedHashMap<>();
        private final List<EndpointUse> endpoints = new ArrayList<>();
        private final List<PlaceholderUse> placeholders = new ArrayList<>();
        private final List<RouteIdUse> routeIds = new ArrayList<>();
        /** The nodes being walked, against an alias that contains itself; an alias elsewhere is checked where it is used. */
        private final Set<Node> path = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<String> kamelets = new HashSet<>();
        private final Set<String> beans = new HashSet<>();
        private final Set<String> components = new HashSet<>();
        /** The route as a violation names it: its id, or its place ({@code #2}) when it has none. */
        private String route = "(no id)";
        /** The route's id, null outside a route or for a route without one. */
        private String routeId;
        private String disabledConnector;

        Walk(String fileName, CamelContext camel) {
            this.fileName = fileName;
            this.camel = camel;
            kamelets.addAll(properties.getAllow().getKamelets());
            beans.addAll(properties.getAllow().getBeans());
            beans.addAll(RUNTIME_BEANS);
            components.addAll(properties.getAllow().getComponents());
            for (Connector c : connectors.all()) {
                for (String e : c.endpoints()) {
                    Matcher m = ENDPOINT.matcher(e);
                    if (!m.find()) {
                        kamelets.add(e);
                    } else if (m.group(1).equals("bean")) {
                        beans.add(e.substring("bean:".length()));
                    } else if (m.group(1).equals("kamelet")) {
                        kamelets.add(e.substring("kamelet:".length()));
                    } else {
                        components.add(m.group(1));
                    }
                }
            }
        }

        void file(Node root) {
            if (!(root instanceof SequenceNode list)) {
                refuse(TOP_LEVEL, root, null, "a route file is a list of route: entries");
                return;
            }
            int n = 0;
            for (Node item : list.getValue()) {
                n++;
                route = "#" + n;
                routeId = null;
                if (!(item instanceof MappingNode entry) || entry.getValue().size() != 1) {
                    refuse(TOP_LEVEL, item, null, "each entry of a route file is one route:");
                    continue;
                }
                NodeTuple t = entry.getValue().get(0);
                String key = scalar(t.getKeyNode());
                if (!"route".equals(key)) {
                    refuse(TOP_LEVEL, t.getKeyNode(), key, "only route: entries are allowed, not '" + key + "'");
                    continue;
                }
                if (t.getValueNode() instanceof MappingNode body) {
                    for (NodeTuple p : body.getValue()) {
                        if ("id".equals(scalar(p.getKeyNode())) && scalar(p.getValueNode()) != null) {
                            route = scalar(p.getValueNode());
                            routeId = route;
                            routeIds.add(new RouteIdUse(routeId, p.getValueNode()));
                        }
                    }
                }
                walk(t.getValueNode(), "route", false, false);
            }
        }

        private void walk(Node node, String key, boolean inParameters, boolean dynamic) {
            if (!path.add(node)) {
                return;
            }
            try {
                walkNode(node, key, inParameters, dynamic);
            } finally {
                path.remove(node);
            }
        }

        private void walkNode(Node node, String key, boolean inParameters, boolean dynamic) {
            if (node instanceof ScalarNode s) {
                text(s.getValue(), key, node, inParameters, dynamic);
            } else if (node instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    walk(item, key, inParameters, dynamic);
                }
            } else if (node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    String k = scalar(t.getKeyNode());
                    Node v = t.getValueNode();
                    if (k == null) {
                        walk(t.getKeyNode(), key, inParameters, dynamic);
                        walk(v, key, inParameters, dynamic);
                        continue;
                    }
                    if (k.contains("{{") || k.contains("${")) {
                        text(k, null, t.getKeyNode(), false, dynamic);
                    }
                    if (inParameters || "parameters".equals(key)) {
                        // endpoint options: their names are free, their values are checked like any text
                        walk(v, k, true, dynamic);
                        continue;
                    }
                    entry(k, v, key, dynamic);
                }
            }
        }

        private void entry(String k, Node v, String parentKey, boolean dynamic) {
            String value = scalar(v);
            if (ENDPOINT_KEYS.contains(k)) {
                endpointUse(v);
            } else if ("kamelet".equals(k)) {
                kameletUse(v);
            }
            if (LANGUAGES.contains(k) && !k.equals("method") && !k.equals("ref") && !k.equals("language")
                    && !properties.getAllow().getLanguages().contains(k)) {
                refuse(LANGUAGE, v, k, "expression language '" + k + "' is not in hub.routes.allow.languages "
                        + properties.getAllow().getLanguages());
            }
            switch (k) {
                case "language" -> {
                    if (value != null && !properties.getAllow().getLanguages().contains(value)) {
                        refuse(LANGUAGE, v, value, "expression language '" + value + "' is not in hub.routes.allow.languages "
                                + properties.getAllow().getLanguages());
                    }
                }
                case "ref", "bean" -> {
                    if (value != null) {
                        bean(value, v);
                    }
                }
                case "method" -> {
                    if (value != null && !"bean".equals(parentKey)) {
                        bean(value, v); // the method language names a bean; inside bean: it names the bean's method
                    }
                }
                case "toD", "wireTap" -> {
                    String uri = value;
                    if (v instanceof MappingNode m) {
                        for (NodeTuple t : m.getValue()) {
                            if ("uri".equals(scalar(t.getKeyNode()))) {
                                uri = scalar(t.getValueNode());
                            }
                        }
                    }
                    Matcher e = uri == null ? null : ENDPOINT.matcher(uri.strip());
                    if (e == null || !e.find() || !isComponent(camel, e.group(1).toLowerCase(Locale.ROOT))) {
                        refuse(DYNAMIC, v, uri, k + " '" + uri + "' must start with a fixed component ('direct:...', 'kamelet:...')");
                    }
                }
                case "uri" -> {
                    if (value != null && !value.contains(":")) {
                        endpoint(value.strip() + ":", value.strip(), v); // "uri: exec" with its options as parameters
                    }
                }
                case "beanType" -> refuse(BEAN_CLASS, v, value, "beanType '" + value + "' would call a class by name; call a bean of"
                        + " hub.routes.allow.beans instead");
                case "kamelet" -> {
                    if (value != null) {
                        kamelet(value, v);
                    } else if (v instanceof MappingNode m) {
                        for (NodeTuple t : m.getValue()) {
                            if ("name".equals(scalar(t.getKeyNode())) && scalar(t.getValueNode()) != null) {
                                kamelet(scalar(t.getValueNode()), t.getValueNode());
                            }
                        }
                    }
                }
                default -> {
                    if (v instanceof MappingNode m && !"log".equals(k) && isComponent(camel, k)) {
                        // endpoint DSL form: "- to: {file: {directoryName: ...}}"
                        endpointDsl(k, m);
                    }
                }
            }
            walk(v, k, false, dynamic || DYNAMIC_EIPS.contains(k));
        }

        /** Records the endpoint of a from:, to: or wireTap: for the checks of its options. */
        private void endpointUse(Node v) {
            if (v instanceof ScalarNode s) {
                endpoints.add(new EndpointUse(routeId, s.getValue().strip(), s, List.of()));
            } else if (v instanceof MappingNode m) {
                Node uri = null;
                List<NodeTuple> parameters = List.of();
                NodeTuple dsl = null;
                for (NodeTuple t : m.getValue()) {
                    String key = scalar(t.getKeyNode());
                    if ("uri".equals(key)) {
                        uri = t.getValueNode();
                    } else if ("parameters".equals(key) && t.getValueNode() instanceof MappingNode p) {
                        parameters = p.getValue();
                    } else if (key != null && t.getValueNode() instanceof MappingNode && isComponent(camel, key)) {
                        dsl = t;
                    }
                }
                if (scalar(uri) != null) {
                    endpoints.add(new EndpointUse(routeId, scalar(uri).strip(), uri, parameters));
                } else if (dsl != null) {
                    // endpoint DSL form: "to: {file: {directoryName: ...}}"; every option, the path's too, by name
                    endpoints.add(new EndpointUse(routeId, scalar(dsl.getKeyNode()), dsl.getKeyNode(),
                            ((MappingNode) dsl.getValueNode()).getValue()));
                }
            }
        }

        /** Records the Kamelet of a kamelet: step ({@code kamelet: name?a=b} or {@code kamelet: {name:, parameters:}}). */
        private void kameletUse(Node v) {
            if (v instanceof ScalarNode s) {
                endpoints.add(new EndpointUse(routeId, "kamelet:" + s.getValue().strip(), s, List.of()));
            } else if (v instanceof MappingNode m) {
                Node name = null;
                List<NodeTuple> parameters = List.of();
                for (NodeTuple t : m.getValue()) {
                    String key = scalar(t.getKeyNode());
                    if ("name".equals(key)) {
                        name = t.getValueNode();
                    } else if ("parameters".equals(key) && t.getValueNode() instanceof MappingNode p) {
                        parameters = p.getValue();
                    }
                }
                if (scalar(name) != null) {
                    endpoints.add(new EndpointUse(routeId, "kamelet:" + scalar(name).strip(), name, parameters));
                }
            }
        }

        private void endpointDsl(String scheme, MappingNode options) {
            String path = "";
            for (NodeTuple t : options.getValue()) {
                String k = scalar(t.getKeyNode());
                if (("directoryName".equals(k) || "name".equals(k) || "beanName".equals(k)) && scalar(t.getValueNode()) != null) {
                    path = scalar(t.getValueNode());
                }
            }
            endpoint(scheme + ":" + path, scheme, options);
        }

        private void text(String s, String key, Node at, boolean inParameters, boolean dynamic) {
            if (s == null || s.isEmpty()) {
                return;
            }
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.contains("#class:") || lower.contains("#type:") || lower.contains("#bean:")) {
                refuse(BEAN_CLASS, at, s, "'" + s + "' would create or look up an object by class; use a bean of hub.routes.allow.beans");
            }
            if (lower.startsWith("resource:") || lower.contains("resource:file:") || lower.contains("resource:classpath:")
                    || lower.contains("resource:http")) {
                refuse(RESOURCE, at, s, "'" + s + "' reads a resource; Kamelets get their files and settings from their connector");
            }
            Matcher p = PLACEHOLDER_TEXT.matcher(s);
            while (p.find()) {
                placeholder(p.group(1), at);
            }
            if (PLACEHOLDER_TEXT.matcher(s).replaceAll("").contains("{{")) {
                refuse(PLACEHOLDER, at, s, "nested or unclosed placeholder in '" + s + "'");
            }
            boolean hasSimple = simple(s, at);
            if (dynamic && hasSimple) {
                refuse(DYNAMIC, at, s, "'" + s + "' computes an endpoint at run time; only a constant endpoint can be checked");
            }
            if (DOT_DOT.matcher(s).find()) {
                refuse(FILE_PATH, at, s, "'" + s + "' climbs out of a folder with '..'");
            }
            if (inParameters && "connector".equals(key) && absentConnectorOf("?connector=" + s.strip()) != null) {
                // the peer named as a Kamelet parameter (parameters: connector: call-centre), as in its URI
                disabledConnector = s.strip();
            }
            if (inParameters && "jailStartingDirectory".equals(key) && "false".equalsIgnoreCase(s.strip())) {
                refuse(FILE_PATH, at, key, "jailStartingDirectory=false would let a file name leave the endpoint's folder");
            }
            if (inParameters && Set.of("move", "moveFailed", "preMove", "fileName", "doneFileName", "tempFileName",
                    "directoryName").contains(key) && (s.startsWith("/") || s.startsWith("\\") || s.matches("^[A-Za-z]:.*"))) {
                refuse(FILE_PATH, at, key, key + " '" + s + "' is absolute; file options are relative to the endpoint's folder");
            }
            Matcher e = ENDPOINT.matcher(s.strip());
            if (e.find() && isComponent(camel, e.group(1).toLowerCase(Locale.ROOT))) {
                endpoint(s.strip(), e.group(1), at);
            }
        }

        /** Checks an endpoint URI: its component, and the Kamelet, bean or folder it names. */
        private void endpoint(String uri, String given, Node at) {
            String scheme = given.toLowerCase(Locale.ROOT);
            if (!components.contains(scheme) && !RUNTIME_COMPONENTS.contains(scheme)) {
                refuse(COMPONENT, at, scheme, "component '" + scheme + "' (in '" + uri + "') is not in hub.routes.allow.components "
                        + sorted(components));
                return;
            }
            String rest = uri.substring(given.length() + 1);
            String path = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
            String query = rest.contains("?") ? rest.substring(rest.indexOf('?') + 1) : "";
            switch (scheme) {
                case "kamelet" -> kamelet(rest, at); // with its parameters: connector= may name an absent peer
                case "bean" -> bean(path, at);
                case "file" -> file(uri, path, query, at);
                default -> { }
            }
        }

        private void file(String uri, String path, String query, Node at) {
            if (path.contains("${") || path.contains("$simple{")) {
                refuse(FILE_ROOT, at, uri, "'" + uri + "' computes its folder at run time; a file endpoint names a fixed folder");
                return;
            }
            if (query.contains("jailStartingDirectory=false")) {
                refuse(FILE_PATH, at, "jailStartingDirectory", "jailStartingDirectory=false in '" + uri + "' would let a file name leave its folder");
            }
            String resolved = path.startsWith("//") ? path.substring(2) : path;
            try {
                resolved = camel.resolvePropertyPlaceholders(resolved);
            } catch (RuntimeException e) {
                return; // an unresolvable placeholder: Camel refuses the file when it loads it
            }
            Path dir = absolute(resolved);
            for (String root : properties.getAllow().getFileRoots()) {
                if (dir.startsWith(absolute(root))) {
                    return;
                }
            }
            refuse(FILE_ROOT, at, uri, "'" + uri + "' is outside hub.routes.allow.file-roots " + properties.getAllow().getFileRoots());
        }

        private void kamelet(String ref, Node at) {
            String name = ref.split("[?/]", 2)[0];
            String absent = absentConnectorOf(ref);
            if (absent != null) {
                // a generic Kamelet naming its peer (sftp-pair-sink?connector=call-centre) that this hub does not have
                disabledConnector = absent;
                return;
            }
            if (kamelets.contains(name)) {
                return;
            }
            String disabled = disabledConnectorOf(name);
            if (disabled != null) {
                disabledConnector = disabled;
                return;
            }
            refuse(KAMELET, at, name, "Kamelet '" + name + "' is neither a registered connector's nor in hub.routes.allow.kamelets");
        }

        private void bean(String name, Node at) {
            String bean = name.split("\\?", 2)[0].strip();
            if (!beans.contains(bean)) {
                refuse(BEAN, at, bean, "bean '" + bean + "' is not in hub.routes.allow.beans (nor a connector's endpoints)");
            }
        }

        private void placeholder(String raw, Node at) {
            String key = raw.strip();
            while (key.startsWith("?") || key.startsWith("!")) {
                key = key.substring(1);
            }
            int colon = key.indexOf(':');
            String name = colon < 0 ? key : key.substring(0, colon);
            if (colon >= 0 && !name.contains(".")) {
                refuse(PLACEHOLDER_FUNCTION, at, raw, "{{" + raw + "}} calls the property function '" + name
                        + "' (environment, system properties, services); routes read only hub settings");
                return;
            }
            if (isSecret(name)) {
                refuse(PLACEHOLDER_SECRET, at, name, "{{" + raw + "}} reads a secret; secrets reach Kamelets through their"
                        + " connector, never through route text");
                return;
            }
            for (String prefix : properties.getAllow().getProperties()) {
                if (canonical(name).startsWith(canonical(prefix))) {
                    placeholders.add(new PlaceholderUse(routeId, raw, colon < 0 ? name : null, at));
                    return;
                }
            }
            refuse(PLACEHOLDER, at, name, "{{" + raw + "}} is not under hub.routes.allow.properties " + properties.getAllow().getProperties());
        }

        /** Checks every ${...} of a text against the safe set; true when the text has any. */
        private boolean simple(String s, Node at) {
            boolean any = false;
            int i = 0;
            while (true) {
                int dollar = s.indexOf("${", i);
                int alt = s.indexOf("$simple{", i);
                int start;
                int open;
                if (dollar < 0 && alt < 0) {
                    return any;
                } else if (alt >= 0 && (dollar < 0 || alt < dollar)) {
                    start = alt;
                    open = alt + "$simple{".length();
                } else {
                    start = dollar;
                    open = dollar + 2;
                }
                any = true;
                int depth = 1;
                int j = open;
                while (j < s.length() && depth > 0) {
                    char c = s.charAt(j);
                    if (c == '{') {
                        depth++;
                    } else if (c == '}') {
                        depth--;
                    }
                    j++;
                }
                String function = s.substring(open, depth == 0 ? j - 1 : s.length()).strip();
                simpleFunction(function, at);
                if (depth != 0) {
                    return true;
                }
                i = Math.max(j, start + 2);
            }
        }

        private void simpleFunction(String function, Node at) {
            Matcher props = SIMPLE_PROPERTIES.matcher(function);
            if (props.matches()) {
                placeholder(props.group(2), at);
                return;
            }
            if (!function.contains("${") && !function.contains("{{")) {
                for (Pattern safe : SAFE_SIMPLE) {
                    if (safe.matcher(function).matches()) {
                        return;
                    }
                }
            }
            refuse(SIMPLE, at, function, "${" + function + "} is outside simple's safe set (body, header.X, exchangeProperty.X,"
                    + " variable.X, date:..., file:name..., exchangeId, routeId, exception.message; no method calls,"
                    + " beans, types, system or environment)");
        }

        private void refuse(String rule, Node at, String subject, String detail) {
            Integer line = line(at);
            String violation = "route " + route + (line == null ? "" : ", line " + line) + ": rule " + rule + ": " + detail;
            problems.putIfAbsent(violation, new RouteProblem(fileName, routeId, line, rule, subject, detail));
        }
    }

    /**
     * The connector a Kamelet reference names as its {@code connector=} parameter when no such connector is registered
     * (a declared peer without a host), else null.
     */
    private String absentConnectorOf(String ref) {
        int q = ref.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String p : ref.substring(q + 1).split("&")) {
            if (p.startsWith("connector=")) {
                String id = p.substring("connector=".length()).strip();
                return id.isEmpty() || id.contains("{{") || connectors.find(id).isPresent() ? null : id;
            }
        }
        return null;
    }

    /** The connector a Kamelet belongs to by name ({@code <id>-<thing>-source}) when that connector is disabled. */
    private String disabledConnectorOf(String kamelet) {
        String[] parts = kamelet.split("-");
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            id.append(i == 0 ? "" : "-").append(parts[i]);
            String candidate = id.toString();
            Boolean enabled = environment.getProperty("hub.connectors." + candidate + ".enabled", Boolean.class);
            if (Boolean.FALSE.equals(enabled) && connectors.find(candidate).isEmpty()) {
                return candidate;
            }
        }
        return null;
    }

    /** Every component name on the classpath or in use, and the dangerous ones even where absent. */
    /**
     * Whether the name is a Camel component: a dangerous or allowed one, one the context has, or one on the classpath
     * (its {@code META-INF/services/org/apache/camel/component/<name>} descriptor, looked up by name — listing every
     * descriptor scans the whole classpath, about a minute of CPU in the packaged jar on a busy machine).
     */
    private boolean isComponent(CamelContext camel, String name) {
        if (DANGEROUS.contains(name) || properties.getAllow().getComponents().contains(name)
                || camel.getComponentNames().contains(name)) {
            return true;
        }
        ClassLoader loader = camel.getApplicationContextClassLoader() != null ? camel.getApplicationContextClassLoader()
                : getClass().getClassLoader();
        return knownComponents.computeIfAbsent(name, n -> loader.getResource(COMPONENT_DESCRIPTORS + n) != null);
    }

    /** True for a property that is marked {@link Secret} in its properties class, or whose name says it is one. */
    boolean isSecret(String property) {
        String name = canonical(property);
        for (String word : SECRET_WORDS) {
            if (name.contains(word)) {
                return true;
            }
        }
        for (Pattern p : secretProperties()) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private List<Pattern> secretProperties() {
        List<Pattern> patterns = secretProperties;
        if (patterns == null) {
            List<String> found = new ArrayList<>();
            for (ConfigurationPropertiesBean b : ConfigurationPropertiesBean.getAll(application).values()) {
                String prefix = b.getAnnotation().prefix().isEmpty() ? b.getAnnotation().value() : b.getAnnotation().prefix();
                collectSecrets(org.springframework.util.ClassUtils.getUserClass(b.getInstance()), Pattern.quote(canonical(prefix)), found, 0);
            }
            patterns = found.stream().map(Pattern::compile).toList();
            secretProperties = patterns;
        }
        return patterns;
    }

    private static void collectSecrets(Class<?> type, String prefix, List<String> found, int depth) {
        if (type == null || depth > 4 || type.getName().startsWith("java.") || type.isEnum() || type.isPrimitive()) {
            return;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                String path = prefix + "\\." + Pattern.quote(canonical(f.getName()));
                if (f.isAnnotationPresent(Secret.class) || getterIsSecret(c, f.getName())) {
                    found.add(path);
                } else if (Map.class.isAssignableFrom(f.getType())) {
                    collectSecrets(typeArgument(f.getGenericType(), 1), path + "\\.[^.]+", found, depth + 1);
                } else if (Collection.class.isAssignableFrom(f.getType())) {
                    collectSecrets(typeArgument(f.getGenericType(), 0), path + "\\.[^.]+", found, depth + 1);
                } else {
                    collectSecrets(f.getType(), path, found, depth + 1);
                }
            }
        }
    }

    private static boolean getterIsSecret(Class<?> c, String field) {
        String suffix = Character.toUpperCase(field.charAt(0)) + field.substring(1);
        for (Method m : c.getDeclaredMethods()) {
            if ((m.getName().equals("get" + suffix) || m.getName().equals("is" + suffix)) && m.isAnnotationPresent(Secret.class)) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
                && p.getActualTypeArguments()[index] instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    /** A property name as Spring's relaxed binding compares it: lower case, without '-' and '_', [x] as .x. */
    static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace("[", ".").replace("]", "");
    }

    private static Path absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    private static String sorted(Set<String> set) {
        return new java.util.TreeSet<>(set).toString();
    }

    /** The 1-based line where a node starts, null when unknown. */
    static Integer line(Node at) {
        return at == null ? null : at.getStartMark().map(m -> m.getLine() + 1).orElse(null);
    }

    static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }
}

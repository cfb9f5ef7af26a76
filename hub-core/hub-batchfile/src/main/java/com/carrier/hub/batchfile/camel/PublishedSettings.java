package com.carrier.hub.batchfile.camel;

import java.beans.BeanInfo;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.camel.spi.PropertiesSource;

import com.carrier.hub.api.PropertyNames;

/**
 * Publishes the hub's settings objects (its typed, validated {@code @ConfigurationProperties} classes) to Camel's
 * property placeholders: {@code {{hub.connectors.boss.customer-folder}}} resolves to the effective value of that
 * property of the object bound under {@code hub.connectors.boss} — what configuration set, otherwise the default on
 * its field. Kamelets and routes therefore read every setting with no default of their own, and a setting has one
 * source: its properties class. (Camel's placeholders see the Spring Environment, which holds only what configuration
 * files and variables set, never a field's default.)
 *
 * <p>A name is looked up under the longest prefix first; each segment after it is a property (kebab-case) or, in a
 * map, a key. A scalar answers as text: a {@link Duration} in milliseconds (what Camel's timeouts, delays and periods
 * take), a list comma-separated, an unset value as the empty string. A name no settings object knows (a misspelt
 * one) is not answered here, so it falls through to Camel's other sources and, if none has it, fails the route.
 */
public class PublishedSettings implements PropertiesSource {

    /** A settings object and the configuration prefix it is bound under. */
    public record Entry(String prefix, Object settings) {
        public Entry {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(settings, "settings");
        }
    }

    private static final Map<Class<?>, Map<String, Method>> GETTERS = new ConcurrentHashMap<>();

    private final Supplier<List<Entry>> entries;
    private volatile List<Entry> sorted;

    /** @param entries the settings objects, asked once, at the first lookup (the objects are read at every lookup) */
    public PublishedSettings(Supplier<List<Entry>> entries) {
        this.entries = entries;
    }

    /** One settings object under its prefix, for a Camel context started without Spring (tests, benchmarks). */
    public static PublishedSettings of(String prefix, Object settings) {
        List<Entry> one = List.of(new Entry(prefix, settings));
        return new PublishedSettings(() -> one);
    }

    @Override
    public String getName() {
        return "hub-settings";
    }

    @Override
    public String getProperty(String name) {
        for (Entry e : sorted()) {
            if (name.startsWith(e.prefix() + ".")) {
                String value = lookup(e.settings(), name.substring(e.prefix().length() + 1));
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    private List<Entry> sorted() {
        List<Entry> s = sorted;
        if (s == null) {
            s = new ArrayList<>(entries.get());
            s.sort(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed());
            sorted = s;
        }
        return s;
    }

    /** The effective value of {@code path} (dot-separated, kebab-case) in {@code settings}, or null when it has none. */
    static String lookup(Object settings, String path) {
        Object current = settings;
        String[] segments = path.split("\\.");
        for (int i = 0; i < segments.length; i++) {
            if (current instanceof Map<?, ?> map) {
                // a map key may itself contain dots: take the longest key that matches
                String key = null;
                for (int j = segments.length; j > i && key == null; j--) {
                    String candidate = String.join(".", java.util.Arrays.copyOfRange(segments, i, j));
                    if (map.containsKey(candidate)) {
                        key = candidate;
                        i = j - 1;
                    }
                }
                if (key == null) {
                    return null;
                }
                current = map.get(key);
            } else if (current == null || isScalar(current)) {
                return null;
            } else {
                Method getter = getters(current.getClass()).get(PropertyNames.camel(segments[i]));
                if (getter == null) {
                    return null;
                }
                try {
                    current = getter.invoke(current);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("settings: cannot read " + path + " of " + settings.getClass().getName(), e);
                }
            }
        }
        return text(current);
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Duration d) {
            return Long.toString(d.toMillis());
        }
        if (value instanceof Charset c) {
            return c.name();
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(PublishedSettings::text).collect(Collectors.joining(","));
        }
        if (value.getClass().isArray()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                parts.add(text(Array.get(value, i)));
            }
            return String.join(",", parts);
        }
        if (value instanceof Iterable<?> it) {
            return StreamSupport.stream(it.spliterator(), false).map(PublishedSettings::text).collect(Collectors.joining(","));
        }
        return isScalar(value) ? value.toString() : null;
    }

    private static boolean isScalar(Object value) {
        Class<?> type = value.getClass();
        return type.isEnum() || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || (type.getPackageName().startsWith("java.") && !(value instanceof Map));
    }

    private static Map<String, Method> getters(Class<?> type) {
        return GETTERS.computeIfAbsent(type, t -> {
            try {
                BeanInfo info = Introspector.getBeanInfo(t, Object.class);
                Map<String, Method> getters = new ConcurrentHashMap<>();
                for (PropertyDescriptor p : info.getPropertyDescriptors()) {
                    if (p.getReadMethod() != null) {
                        getters.put(p.getName(), p.getReadMethod());
                    }
                }
                return getters;
            } catch (IntrospectionException e) {
                throw new IllegalStateException("settings: cannot introspect " + t.getName(), e);
            }
        });
    }
}

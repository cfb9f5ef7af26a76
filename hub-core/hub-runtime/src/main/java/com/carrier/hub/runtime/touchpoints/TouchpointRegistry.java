package com.carrier.hub.runtime.touchpoints;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.touchpoint.Touchpoint;

/**
 * Every touchpoint of this hub: the {@link Touchpoint} beans the connectors' auto-configurations, the plug-ins and the
 * runtime register, and those declared in configuration ({@link DeclaredTouchpoints}). Two with one id refuse the hub's
 * start, naming both classes (or settings) and their jars ({@link DuplicateTouchpointId}): a plug-in must not silently
 * replace a shipped touchpoint.
 */
@Component
public class TouchpointRegistry {

    private final Map<String, Touchpoint> byId = new LinkedHashMap<>();

    @Autowired
    public TouchpointRegistry(List<Touchpoint> beans, ObjectProvider<DeclaredTouchpoints> declared) {
        this(concat(beans, declared.getIfAvailable(() -> null)));
    }

    public TouchpointRegistry(List<Touchpoint> touchpoints) {
        for (Touchpoint t : touchpoints) {
            String id = t.id();
            if (id == null || !id.matches("[A-Z][A-Z0-9_]{0,31}")) {
                throw new IllegalStateException("touchpoint " + source(t) + " has id '" + id
                        + "': a touchpoint id is 1-32 upper-case letters, digits or '_', starting with a letter");
            }
            Touchpoint other = byId.putIfAbsent(id, t);
            if (other != null) {
                throw new DuplicateTouchpointId(id, other, t);
            }
        }
    }

    private static List<Touchpoint> concat(List<Touchpoint> beans, DeclaredTouchpoints declared) {
        List<Touchpoint> all = new ArrayList<>(beans);
        if (declared != null) {
            all.addAll(declared.touchpoints());
        }
        return all;
    }


    /** Where a touchpoint comes from, as an error names it: its class, or the configuration that declares it. */
    private static String source(Touchpoint t) {
        return t instanceof DeclaredTouchpoint ? "hub.touchpoints.declared." + t.id() : t.getClass().getName();
    }

    /** The touchpoint of this id (case-insensitive), or null. */
    public Touchpoint get(String id) {
        return id == null ? null : byId.get(id.strip().toUpperCase(Locale.ROOT));
    }

    /** All touchpoints, in registration order. */
    public Collection<Touchpoint> all() {
        return byId.values();
    }

    /** The registered ids. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }
}

package com.carrier.hub.runtime.campaign.dispatch;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.carrier.hub.api.touchpoint.Touchpoint;

/**
 * Every touchpoint of this hub: the {@link Touchpoint} beans the connectors' auto-configurations, the plug-ins and the
 * runtime register. Two with one id refuse the hub's start, naming both classes and their jars
 * ({@link DuplicateTouchpointId}): a plug-in must not silently replace a shipped touchpoint.
 */
@Component
public class TouchpointRegistry {

    private final Map<String, Touchpoint> byId = new LinkedHashMap<>();

    public TouchpointRegistry(List<Touchpoint> touchpoints) {
        for (Touchpoint t : touchpoints) {
            String id = t.id();
            if (id == null || !id.matches("[A-Z][A-Z0-9_]{0,31}")) {
                throw new IllegalStateException("touchpoint " + t.getClass().getName() + " has id '" + id
                        + "': a touchpoint id is 1-32 upper-case letters, digits or '_', starting with a letter");
            }
            Touchpoint other = byId.putIfAbsent(id, t);
            if (other != null) {
                throw new DuplicateTouchpointId(id, other, t);
            }
        }
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

package com.carrier.hub.runtime.campaign;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign definition as {@code POST /api/campaigns} takes it, for tests: the touchpoints of {@code templates} as its
 * channels, started five minutes ago and ending in three days, no control group, SMS caps no test reaches and no
 * recent-similar rule. A mutable map: a test puts what it needs otherwise (quiet hours, control group, start, …).
 */
final class CampaignJson {

    private CampaignJson() {
    }

    static Map<String, Object> of(String id, Map<String, ? extends Map<String, ?>> templates) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("name", "test " + id);
        c.put("type", "PROMOTION");
        c.put("productId", "P-" + id);
        c.put("channels", new ArrayList<>(templates.keySet()));
        c.put("templates", templates);
        c.put("sourceAddress", "10658001");
        c.put("start", now.minusMinutes(5).toString());
        c.put("end", now.plusDays(3).toString());
        c.put("controlPercent", 0);
        c.put("rules", Map.of("maxSmsPerDay", 100, "maxSmsPerWeek", 100, "recentSimilarDays", 0));
        return c;
    }

    /** As {@link #of(String, Map)}, starting at {@code start} and ending eight days later. */
    static Map<String, Object> of(String id, Map<String, ? extends Map<String, ?>> templates, OffsetDateTime start) {
        Map<String, Object> c = of(id, templates);
        c.put("start", start.toString());
        c.put("end", start.plusDays(8).toString());
        return c;
    }

    static List<String> channels(Map<String, Object> c) {
        @SuppressWarnings("unchecked")
        List<String> channels = (List<String>) c.get("channels");
        return channels;
    }
}

package com.carrier.hub.runtime.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.runtime.campaign.CampaignDefinition.Type;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;

/**
 * Checks a campaign definition and names every problem with the field it concerns ({@code end},
 * {@code templates.SMS.text}, {@code channels[1]}), as the admin API returns them. Nothing is thrown. Channels are the
 * registered touchpoints; each template is checked against its touchpoint's {@link Touchpoint#templateFields()}.
 */
@Component
public class CampaignValidator {

    private final TouchpointRegistry touchpoints;
    private final List<DefinitionCheck> checks;

    public CampaignValidator(TouchpointRegistry touchpoints, List<DefinitionCheck> checks) {
        this.touchpoints = touchpoints;
        this.checks = checks;
    }

    /** Placeholders a template may use: customer fields and the target list's columns. */
    public static final Set<String> PLACEHOLDERS = Set.of("name", "msisdn", "brand", "city", "segment", "attr1", "attr2", "attr3");

    /** SMS replies that unsubscribe (PEERS §5.4); an accept keyword must not be one of them. */
    static final Set<String> UNSUBSCRIBE_KEYWORDS = Set.of("TD", "0000", "QXTD");

    /** Metrics a target may name, as the evaluation counts them. */
    public static final Set<String> TARGET_METRICS = Set.of("SENT", "DELIVERED", "RESPONDED", "ORDERED");

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern SOURCE_ADDRESS = Pattern.compile("[0-9]{3,21}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    /** All problems of a complete definition (one that is to be created). */
    public List<FieldError> validate(CampaignDefinition c) {
        List<FieldError> errors = new ArrayList<>();
        if (blank(c.id())) {
            errors.add(new FieldError("id", "is required"));
        } else if (!ID.matcher(c.id()).matches()) {
            errors.add(new FieldError("id", "must be 1-32 letters, digits or '-' (it becomes part of file names such as TGT_<id>_<date>_<seq>.dat)"));
        }
        if (blank(c.name())) {
            errors.add(new FieldError("name", "is required"));
        } else if (c.name().length() > 100) {
            errors.add(new FieldError("name", "must be at most 100 characters"));
        } else {
            limit("name", c.name(), 100, errors); // a NUL, which the database cannot store
        }
        Type type = null;
        if (blank(c.type())) {
            errors.add(new FieldError("type", "is required: one of " + List.of(Type.values())));
        } else {
            type = parse(Type.class, c.type());
            if (type == null) {
                errors.add(new FieldError("type", "unknown type '" + c.type() + "': one of " + List.of(Type.values())));
            }
        }
        limit("productId", c.productId(), InputLimits.ID, errors);
        if (blank(c.productId()) && type != null && type != Type.PUBLICITY) {
            errors.add(new FieldError("productId", "is required for a " + type + " campaign (only PUBLICITY may have none)"));
        }
        Map<String, Touchpoint> channels = channels(c, errors);
        // a triggered campaign's templates may also name its event's fields, e.g. ${usedPercent}
        Set<String> more = new java.util.TreeSet<>();
        checks.forEach(check -> more.addAll(check.placeholders(c)));
        templates(c, channels, more, errors);
        // the service code is a campaign attribute only the SMS touchpoint reads (TouchpointSlice.sourceAddress)
        if (channels.containsKey("SMS")) {
            if (blank(c.sourceAddress())) {
                errors.add(new FieldError("sourceAddress", "is required when SMS is a channel (the service code, e.g. 10658001)"));
            } else if (!SOURCE_ADDRESS.matcher(c.sourceAddress()).matches()) {
                errors.add(new FieldError("sourceAddress", "must be 3-21 digits, got '" + c.sourceAddress() + "'"));
            }
        }
        if (c.start() == null) {
            errors.add(new FieldError("start", "is required (ISO-8601 with offset, e.g. 2026-11-23T08:00:00+08:00)"));
        }
        if (c.end() == null) {
            errors.add(new FieldError("end", "is required (ISO-8601 with offset)"));
        }
        if (c.start() != null && c.end() != null && !c.end().isAfter(c.start())) {
            errors.add(new FieldError("end", "must be after start (" + c.start() + "), got " + c.end()));
        }
        if (c.quietHours() != null && (c.quietHours().start() == null || c.quietHours().end() == null)) {
            errors.add(new FieldError("quietHours", "needs both start and end (HH:mm), or leave it out for 21:00-08:00"));
        }
        if (c.controlPercent() != null && (c.controlPercent() < 0 || c.controlPercent() > 50 || c.controlPercent().isNaN())) {
            errors.add(new FieldError("controlPercent", "must be between 0 and 50, got " + c.controlPercent()));
        }
        if (c.responseWindowDays() != null && (c.responseWindowDays() < 1 || c.responseWindowDays() > 90)) {
            errors.add(new FieldError("responseWindowDays", "must be between 1 and 90, got " + c.responseWindowDays()));
        }
        if (c.acceptKeywords() != null) {
            for (int i = 0; i < c.acceptKeywords().size(); i++) {
                String k = c.acceptKeywords().get(i);
                if (blank(k) || k.strip().length() > 10) {
                    errors.add(new FieldError("acceptKeywords[" + i + "]", "must be 1-10 characters"));
                } else if (k.indexOf('\u0000') >= 0) {
                    limit("acceptKeywords[" + i + "]", k, 10, errors);
                } else if (UNSUBSCRIBE_KEYWORDS.contains(k.strip().toUpperCase(Locale.ROOT))) {
                    errors.add(new FieldError("acceptKeywords[" + i + "]", "'" + k + "' is an unsubscribe keyword (TD, 0000, QXTD)"));
                }
            }
        }
        if (Boolean.TRUE.equals(c.autoOrder()) && blank(c.productId())) {
            errors.add(new FieldError("autoOrder", "needs productId: the order is for the offered product"));
        }
        if (c.targets() != null) {
            for (int i = 0; i < c.targets().size(); i++) {
                CampaignDefinition.Target t = c.targets().get(i);
                if (t == null || blank(t.metric()) || !TARGET_METRICS.contains(t.metric().toUpperCase(Locale.ROOT))) {
                    errors.add(new FieldError("targets[" + i + "].metric", "must be one of " + TARGET_METRICS));
                }
                if (t != null && (t.value() == null || t.value() <= 0)) {
                    errors.add(new FieldError("targets[" + i + "].value", "must be a positive number"));
                }
            }
        }
        checks.forEach(check -> check.check(c, errors));
        if (c.rules() != null) {
            nonNegative("rules.maxSmsPerDay", c.rules().maxSmsPerDay(), errors);
            nonNegative("rules.maxSmsPerWeek", c.rules().maxSmsPerWeek(), errors);
            nonNegative("rules.recentSimilarDays", c.rules().recentSimilarDays(), errors);
        }
        return errors;
    }

    /** The placeholders of a template text that no customer or list field fills, nor one of {@code more}. */
    public static List<String> unknownPlaceholders(String text, Set<String> more) {
        List<String> unknown = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1)) && !more.contains(m.group(1))) {
                unknown.add("${" + m.group(1) + "}");
            }
        }
        return unknown;
    }

    private Map<String, Touchpoint> channels(CampaignDefinition c, List<FieldError> errors) {
        Map<String, Touchpoint> channels = new LinkedHashMap<>();
        if (c.channels() == null || c.channels().isEmpty()) {
            errors.add(new FieldError("channels", "needs at least one of " + touchpoints.ids()));
            return channels;
        }
        for (int i = 0; i < c.channels().size(); i++) {
            String name = c.channels().get(i);
            Touchpoint t = blank(name) ? null : touchpoints.get(name);
            if (t == null) {
                errors.add(new FieldError("channels[" + i + "]", "unknown touchpoint '" + name + "': one of " + touchpoints.ids()));
            } else if (channels.putIfAbsent(t.id(), t) != null) {
                errors.add(new FieldError("channels[" + i + "]", "channel " + t.id() + " is listed twice"));
            }
        }
        return channels;
    }

    /** Each template field by its touchpoint's {@link TemplateField}: present when required, of its kind, within its length. */
    private void templates(CampaignDefinition c, Map<String, Touchpoint> channels, Set<String> more, List<FieldError> errors) {
        Map<String, Map<String, Object>> templates = c.templates() == null ? Map.of() : c.templates();
        for (String key : templates.keySet()) {
            if (!channels.containsKey(key)) {
                errors.add(new FieldError("templates." + key, "is not one of the campaign's channels " + channels.keySet()));
            }
        }
        for (Touchpoint tp : channels.values()) {
            Map<String, Object> t = templates.get(tp.id()) == null ? Map.of() : templates.get(tp.id());
            String prefix = "templates." + tp.id();
            List<String> names = tp.templateFields().stream().map(TemplateField::name).toList();
            for (String name : t.keySet()) {
                if (!names.contains(name)) {
                    errors.add(new FieldError(prefix + "." + name, "is not a field of the " + tp.id() + " template: " + names));
                }
            }
            for (TemplateField f : tp.templateFields()) {
                field(prefix + "." + f.name(), tp.id(), f, t.get(f.name()), more, errors);
            }
        }
    }

    private static void field(String field, String touchpoint, TemplateField f, Object value, Set<String> more,
                              List<FieldError> errors) {
        if (f.kind() == TemplateField.Kind.LIST) {
            if (value == null || value instanceof List<?> l && (l.isEmpty() || l.stream().anyMatch(o -> o == null || blank(o.toString())))) {
                if (f.required()) {
                    errors.add(new FieldError(field, "needs " + f.description()));
                }
                return;
            }
            if (!(value instanceof List<?> list) || list.stream().anyMatch(o -> !(o instanceof String))) {
                errors.add(new FieldError(field, "must be a list of texts (" + f.description() + ")"));
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                limit(field + "[" + i + "]", (String) list.get(i), f.maxLength(), errors);
            }
            return;
        }
        if (value != null && !(value instanceof String)) {
            errors.add(new FieldError(field, "must be a text (" + f.description() + ")"));
            return;
        }
        String text = (String) value;
        limit(field, text, f.maxLength(), errors);
        if (blank(text)) {
            if (f.required()) {
                errors.add(new FieldError(field, "is required for the " + touchpoint + " channel: " + f.description()));
            }
            return;
        }
        if (f.kind() == TemplateField.Kind.URL) {
            if (!text.startsWith("https://") && !text.startsWith("http://")) {
                errors.add(new FieldError(field, "must be an http(s) URL"));
            }
        } else {
            placeholders(field, text, more, errors);
        }
    }

    private static void placeholders(String field, String text, Set<String> more, List<FieldError> errors) {
        if (text.contains("${") && PLACEHOLDER.matcher(text).results().count() != text.split("\\$\\{", -1).length - 1) {
            errors.add(new FieldError(field, "has a '${' without its closing '}'"));
        }
        for (String p : unknownPlaceholders(text, more)) {
            errors.add(new FieldError(field, "unknown placeholder " + p + "; known: "
                    + java.util.stream.Stream.concat(PLACEHOLDERS.stream(), more.stream()).distinct().sorted()
                    .map(n -> "${" + n + "}").toList()));
        }
    }

    /** Refuses text over {@code max} characters or with U+0000 ({@link InputLimits}). */
    private static void limit(String field, String value, int max, List<FieldError> errors) {
        String problem = InputLimits.problem(value, max);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    private static void nonNegative(String field, Integer value, List<FieldError> errors) {
        if (value != null && value < 0) {
            errors.add(new FieldError(field, "must be 0 or more, got " + value));
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

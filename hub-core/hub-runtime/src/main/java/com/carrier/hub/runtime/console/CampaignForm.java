package com.carrier.hub.runtime.console;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.runtime.campaign.CampaignDefinition;

/**
 * The campaign form's fields and the definition they make. Each input is named as the API names the field
 * ({@code name}, {@code templates.SMS.text}, {@code targets[0].value}, {@code rules.maxSmsPerDay}), so the API's
 * per-field errors ({@code CampaignValidator}) land beside their input; what cannot even be read (a number that is
 * not one, a time that is not one) is named here the same way. A parameter the form does not have is refused, never
 * ignored. The values are kept as typed, to show them again with the errors.
 */
public final class CampaignForm {

    /** Target rows the form offers. */
    static final int TARGET_ROWS = 3;
    /** Times as the form's {@code datetime-local} inputs take them, in the hub's zone (Asia/Shanghai). */
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private static final Set<String> FIXED = Set.of("id", "name", "type", "productId", "channels", "sourceAddress", "start",
            "end", "quietHours.start", "quietHours.end", "controlPercent", "responseWindowDays", "acceptKeywords", "autoOrder",
            "rules.maxSmsPerDay", "rules.maxSmsPerWeek", "rules.recentSimilarDays");
    /** Parameters every console form may carry besides its fields. */
    private static final Set<String> FRAMEWORK = Set.of("_csrf", ConsoleLocale.PARAMETER);

    /** The values as typed, by input name; {@code channels} as the chosen ids joined by commas. */
    final Map<String, String> values = new LinkedHashMap<>();
    /** The chosen channels. */
    final Set<String> channels = new LinkedHashSet<>();
    /** Problems by input name ({@link #inputOf}); {@code (form)} for those that belong to no input. */
    final Map<String, List<String>> errors = new LinkedHashMap<>();

    /** An empty form for a new campaign, with the documented defaults shown. */
    static CampaignForm blank() {
        CampaignForm f = new CampaignForm();
        f.values.put("quietHours.start", "21:00");
        f.values.put("quietHours.end", "08:00");
        f.values.put("controlPercent", "5");
        f.values.put("responseWindowDays", "7");
        f.values.put("acceptKeywords", "Y, 1");
        return f;
    }

    /** The form showing a stored definition. */
    static CampaignForm of(CampaignDefinition d) {
        CampaignForm f = new CampaignForm();
        put(f, "id", d.id());
        put(f, "name", d.name());
        put(f, "type", d.type());
        put(f, "productId", d.productId());
        if (d.channels() != null) {
            f.channels.addAll(d.channels());
        }
        if (d.templates() != null) {
            d.templates().forEach((tp, fields) -> fields.forEach((name, value) -> put(f, "templates." + tp + "." + name,
                    value instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList())
                            : String.valueOf(value))));
        }
        put(f, "sourceAddress", d.sourceAddress());
        put(f, "start", d.start() == null ? null : LOCAL.format(d.start().atZoneSameInstant(HubTime.ZONE)));
        put(f, "end", d.end() == null ? null : LOCAL.format(d.end().atZoneSameInstant(HubTime.ZONE)));
        if (d.quietHours() != null) {
            put(f, "quietHours.start", String.valueOf(d.quietHours().start()));
            put(f, "quietHours.end", String.valueOf(d.quietHours().end()));
        }
        put(f, "controlPercent", d.controlPercent() == null ? null : number(d.controlPercent()));
        put(f, "responseWindowDays", d.responseWindowDays() == null ? null : d.responseWindowDays().toString());
        put(f, "acceptKeywords", d.acceptKeywords() == null ? null : String.join(", ", d.acceptKeywords()));
        put(f, "autoOrder", Boolean.TRUE.equals(d.autoOrder()) ? "true" : null);
        for (int i = 0; d.targets() != null && i < d.targets().size() && i < TARGET_ROWS; i++) {
            put(f, "targets[" + i + "].metric", d.targets().get(i).metric());
            put(f, "targets[" + i + "].value", d.targets().get(i).value() == null ? null : d.targets().get(i).value().toString());
        }
        if (d.rules() != null) {
            put(f, "rules.maxSmsPerDay", str(d.rules().maxSmsPerDay()));
            put(f, "rules.maxSmsPerWeek", str(d.rules().maxSmsPerWeek()));
            put(f, "rules.recentSimilarDays", str(d.rules().recentSimilarDays()));
        }
        return f;
    }

    /**
     * Reads a submitted form. {@code only}, when given, is the set of definition fields the form may change (a running
     * campaign's); any other field given is refused naming it.
     */
    static CampaignForm read(Map<String, String[]> parameters, Collection<Touchpoint> touchpoints, Set<String> only) {
        CampaignForm f = new CampaignForm();
        Map<String, Touchpoint> byId = new LinkedHashMap<>();
        touchpoints.forEach(t -> byId.put(t.id(), t));
        for (Map.Entry<String, String[]> p : parameters.entrySet()) {
            String name = p.getKey();
            if (FRAMEWORK.contains(name)) {
                continue;
            }
            if (!known(name, byId)) {
                f.error("(form)", "unknown field '" + shorten(name) + "'");
                continue;
            }
            if (only != null && !only.contains(topField(name))) {
                // its input is not on a running campaign's form: said at the top, naming it
                f.error("(form)", shorten(name) + ": cannot change once the campaign runs; only " + new TreeSet<>(only) + " may");
                continue;
            }
            if ("channels".equals(name)) {
                f.channels.addAll(Arrays.asList(p.getValue()));
            } else if (p.getValue().length > 1) {
                f.error(name, "is given " + p.getValue().length + " times; give it once");
            } else {
                f.values.put(name, p.getValue()[0]);
            }
        }
        return f;
    }

    /** The definition the form makes; problems reading a value are added to {@link #errors} and the value left out. */
    CampaignDefinition definition(Collection<Touchpoint> touchpoints) {
        Map<String, Map<String, Object>> templates = new LinkedHashMap<>();
        for (Touchpoint tp : touchpoints) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (TemplateField field : tp.templateFields()) {
                String v = text("templates." + tp.id() + "." + field.name());
                if (v != null) {
                    fields.put(field.name(), field.kind() == TemplateField.Kind.LIST ? list(v) : v);
                }
            }
            // a template only for the chosen channels: the other channels' inputs are left as they were, not sent
            if (!fields.isEmpty() && channels.contains(tp.id())) {
                templates.put(tp.id(), fields);
            }
        }
        List<CampaignDefinition.Target> targets = new ArrayList<>();
        for (int i = 0; i < TARGET_ROWS; i++) {
            String metric = text("targets[" + i + "].metric");
            Long value = parse("targets[" + i + "].value", Long::valueOf, "a whole number");
            if (metric != null || value != null) {
                targets.add(new CampaignDefinition.Target(metric, value));
            }
        }
        LocalTime quietStart = parse("quietHours.start", LocalTime::parse, "a time as HH:mm");
        LocalTime quietEnd = parse("quietHours.end", LocalTime::parse, "a time as HH:mm");
        Integer perDay = parse("rules.maxSmsPerDay", Integer::valueOf, "a whole number");
        Integer perWeek = parse("rules.maxSmsPerWeek", Integer::valueOf, "a whole number");
        Integer similar = parse("rules.recentSimilarDays", Integer::valueOf, "a whole number");
        String accept = text("acceptKeywords");
        String autoOrder = text("autoOrder");
        if (autoOrder != null && !"true".equals(autoOrder)) {
            error("autoOrder", "must be true or absent, got '" + shorten(autoOrder) + "'");
        }
        return new CampaignDefinition(text("id"), text("name"), text("type"), text("productId"),
                channels.isEmpty() ? null : List.copyOf(channels), templates.isEmpty() ? null : templates,
                text("sourceAddress"), parse("start", CampaignForm::time, "a date and time (yyyy-MM-ddTHH:mm)"),
                parse("end", CampaignForm::time, "a date and time (yyyy-MM-ddTHH:mm)"),
                quietStart == null && quietEnd == null ? null : new CampaignDefinition.QuietHours(quietStart, quietEnd),
                parse("controlPercent", CampaignForm::decimal, "a number"),
                parse("responseWindowDays", Integer::valueOf, "a whole number"),
                accept == null ? null : list(accept), "true".equals(autoOrder) ? Boolean.TRUE : null,
                targets.isEmpty() ? null : targets,
                perDay == null && perWeek == null && similar == null ? null
                        : new CampaignDefinition.Rules(perDay, perWeek, similar), null, null);
    }

    /** Adds the API's errors, each beside its input. */
    void errors(List<FieldError> fieldErrors) {
        for (FieldError e : fieldErrors) {
            error(inputOf(e.property()), e.message());
        }
    }

    /** A problem that concerns the whole form (a conflict, a status that forbids the change). */
    void formError(String message) {
        error("(form)", message);
    }

    /** The values as typed, by input name. */
    public Map<String, String> getValues() {
        return values;
    }

    /** The chosen channels. */
    public Set<String> getChannels() {
        return channels;
    }

    /** Problems by input name; {@code (form)} for those of the form as a whole. */
    public Map<String, List<String>> getErrors() {
        return errors;
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /**
     * The input an API field error belongs beside: {@code channels[1]} and {@code acceptKeywords[0]} to their list's
     * input, {@code templates.MM.appIds[2]} to its template field, {@code quietHours} to its start, a template as a
     * whole ({@code templates.PORTAL}) to the channels; an error of a field the form has no input for to the form.
     */
    static String inputOf(String property) {
        if (property == null) {
            return "(form)";
        }
        String p = property.startsWith("templates.") ? property.replaceAll("\\[\\d+]$", "") : property;
        if (p.startsWith("channels") || p.matches("templates\\.[^.]+")) {
            return "channels";
        }
        if (p.startsWith("acceptKeywords")) {
            return "acceptKeywords";
        }
        if ("quietHours".equals(p)) {
            return "quietHours.start";
        }
        if (p.matches("targets\\[[0-" + (TARGET_ROWS - 1) + "]]\\.(metric|value)") || p.startsWith("templates.")
                || FIXED.contains(p)) {
            return p;
        }
        return "(form)";
    }

    private static boolean known(String name, Map<String, Touchpoint> touchpoints) {
        if (FIXED.contains(name) || name.matches("targets\\[[0-" + (TARGET_ROWS - 1) + "]]\\.(metric|value)")) {
            return true;
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length == 3 && "templates".equals(parts[0]) && touchpoints.containsKey(parts[1])) {
            return touchpoints.get(parts[1]).templateFields().stream().anyMatch(f -> f.name().equals(parts[2]));
        }
        return false;
    }

    /** The definition field an input belongs to: {@code targets[0].value} → {@code targets}. */
    static String topField(String input) {
        String top = input.split("[.\\[]", 2)[0];
        return top;
    }

    private String text(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private <T> T parse(String name, Function<String, T> parser, String what) {
        String v = text(name);
        if (v == null) {
            return null;
        }
        try {
            return parser.apply(v);
        } catch (RuntimeException e) {
            error(name, "must be " + what + ", got '" + shorten(v) + "'");
            return null;
        }
    }

    private void error(String input, String message) {
        errors.computeIfAbsent(input, k -> new ArrayList<>()).add(Msisdn.maskAll(message));
    }

    private static OffsetDateTime time(String v) {
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(v).atZone(HubTime.ZONE).toOffsetDateTime();
        }
    }

    private static Double decimal(String v) {
        double d = Double.parseDouble(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new NumberFormatException(v);
        }
        return d;
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String str(Integer i) {
        return i == null ? null : i.toString();
    }

    private static void put(CampaignForm f, String name, String value) {
        if (value != null) {
            f.values.put(name, value);
        }
    }

    /** A value as an error repeats it: masked, at most 40 characters, NUL shown as {@code \0}. */
    static String shorten(String value) {
        String masked = Msisdn.maskAll(value).replace("\u0000", "\\0");
        return masked.length() > 40 ? masked.substring(0, 40) + "…" : masked;
    }
}

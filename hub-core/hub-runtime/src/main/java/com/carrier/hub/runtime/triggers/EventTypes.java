package com.carrier.hub.runtime.triggers;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.Msisdn;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The event types of PEERS §11 and those a province configures ({@link TriggersProperties#getEventTypes()}): each
 * type's payload fields and their kinds. Checks an event's payload field by field, so a bad event is refused naming
 * the field, and gives the typed values a trigger condition reads. Built once at start; a configured kind that is not
 * one of the known ones stops the hub with the property named.
 */
@Component
public class EventTypes {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuuMM");
    private static final int MAX_TEXT = 200;

    /** A payload field's kind. */
    public enum Kind { MSISDN, TEXT, NUMBER, INTEGER, MONTH, TIME, ONE_OF }

    /** A payload field: its kind, the values of a one-of, whether it must be present. */
    public record Field(String name, Kind kind, Set<String> values, boolean required) {

        /** Whether the field holds text (a condition compares it with text literals). */
        public boolean textual() {
            return kind != Kind.NUMBER && kind != Kind.INTEGER;
        }

        @Override
        public String toString() {
            return name + " (" + (kind == Kind.ONE_OF ? "one of " + String.join("|", values) : kind.name().toLowerCase())
                    + (required ? "" : ", optional") + ")";
        }
    }

    /** An event type: its name and its fields, in the configured order. */
    public record EventType(String name, Map<String, Field> fields) {
    }

    private final Map<String, EventType> types;

    public EventTypes(TriggersProperties properties) {
        Map<String, EventType> types = new LinkedHashMap<>();
        properties.getEventTypes().forEach((type, fields) -> types.put(type, type(type, fields)));
        this.types = Collections.unmodifiableMap(types);
    }

    private static EventType type(String type, Map<String, String> specs) {
        String where = "hub.triggers.event-types[" + type + "]";
        Map<String, Field> fields = new LinkedHashMap<>();
        specs.forEach((name, spec) -> fields.put(name, field(where + "." + name, name, spec)));
        Field msisdn = fields.get("msisdn");
        if (msisdn == null || msisdn.kind() != Kind.MSISDN || !msisdn.required()) {
            throw new IllegalStateException(where + " needs the field msisdn of kind msisdn: the customer an event is about");
        }
        return new EventType(type, Collections.unmodifiableMap(fields));
    }

    private static Field field(String where, String name, String spec) {
        String s = spec == null ? "" : spec.strip();
        boolean required = !s.endsWith("?");
        s = required ? s : s.substring(0, s.length() - 1).strip();
        if (s.startsWith("one-of:")) {
            Set<String> values = new LinkedHashSet<>(List.of(s.substring("one-of:".length()).split("\\|")));
            values.removeIf(String::isBlank);
            if (values.isEmpty()) {
                throw new IllegalStateException(where + ": one-of needs its values, e.g. one-of:DATA|VOICE|SMS");
            }
            return new Field(name, Kind.ONE_OF, Collections.unmodifiableSet(values), required);
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.ONE_OF && k.name().toLowerCase().equals(s)) {
                return new Field(name, k, Set.of(), required);
            }
        }
        throw new IllegalStateException(where + ": unknown kind '" + spec
                + "': one of msisdn, text, number, integer, month, time, one-of:A|B (a trailing ? makes it optional)");
    }

    /** The type of that name, or null when it is not configured. */
    public EventType get(String name) {
        return types.get(name);
    }

    public Set<String> names() {
        return new TreeSet<>(types.keySet());
    }

    /**
     * The payload's fields, typed (texts as String, numbers as Double or Long), every field of the type present
     * (absent optional ones as null), for a condition to read.
     *
     * @throws IllegalArgumentException naming the field and what is wrong with it: a required field missing, a value of
     *                                  the wrong kind, a field the type does not have
     */
    public static Map<String, Object> read(EventType type, JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object with the fields of " + type.name() + ": "
                    + type.fields().values());
        }
        Map<String, Object> values = new HashMap<>(type.fields().size() * 2);
        for (Iterator<String> names = payload.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!type.fields().containsKey(name)) {
                throw new IllegalArgumentException("payload field '" + name + "' is not a field of " + type.name() + ": "
                        + type.fields().keySet());
            }
        }
        for (Field f : type.fields().values()) {
            JsonNode node = payload.get(f.name());
            if (node == null || node.isNull()) {
                if (f.required()) {
                    throw new IllegalArgumentException("payload lacks the required field '" + f.name() + "' of " + type.name());
                }
                values.put(f.name(), null);
                continue;
            }
            values.put(f.name(), value(f, node));
        }
        return values;
    }

    private static Object value(Field f, JsonNode node) {
        switch (f.kind()) {
            case NUMBER -> {
                if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
                    throw new IllegalArgumentException(where(f) + " must be a number, got " + kind(node));
                }
                return node.asDouble();
            }
            case INTEGER -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new IllegalArgumentException(where(f) + " must be a whole number, got " + kind(node));
                }
                return node.asLong();
            }
            default -> {
                if (!node.isTextual()) {
                    throw new IllegalArgumentException(where(f) + " must be a text, got " + kind(node));
                }
                String text = node.textValue();
                String problem = InputLimits.problem(text, MAX_TEXT);
                if (problem != null) {
                    throw new IllegalArgumentException(where(f) + " " + problem);
                }
                switch (f.kind()) {
                    case MSISDN -> {
                        if (!Msisdn.isValid(text)) {
                            throw new IllegalArgumentException(where(f) + " must be 11 digits starting with 1, got "
                                    + Msisdn.mask(text));
                        }
                    }
                    case ONE_OF -> {
                        if (!f.values().contains(text)) {
                            throw new IllegalArgumentException(where(f) + " must be one of " + f.values() + ", got '" + text + "'");
                        }
                    }
                    case MONTH -> parse(f, "a month yyyyMM", () -> YearMonth.parse(text, MONTH));
                    case TIME -> parse(f, "an ISO-8601 time with offset", () -> OffsetDateTime.parse(text));
                    default -> {
                    }
                }
                return text;
            }
        }
    }

    private static void parse(Field f, String what, Runnable parse) {
        try {
            parse.run();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where(f) + " must be " + what + ": " + e.getMessage());
        }
    }

    /** The field as an error names it; built only for an error, since every field of every event passes here. */
    private static String where(Field f) {
        return "payload field '" + f.name() + "'";
    }

    private static String kind(JsonNode node) {
        return node.isTextual() ? "the text '" + Msisdn.maskAll(node.textValue()) + "'"
                : node.isNumber() ? "the number " + node.asText()
                : node.isBoolean() ? "the boolean " + node.asText()
                : node.getNodeType().name().toLowerCase();
    }
}

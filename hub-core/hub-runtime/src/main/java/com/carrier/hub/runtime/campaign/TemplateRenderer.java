package com.carrier.hub.runtime.campaign;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;

/**
 * Fills a channel template's {@code ${placeholder}}s with the customer's fields and the list's attributes. A
 * placeholder without a value fails the customer with {@code MISSING_VALUE:<name>}: a literal "${name}" is never sent,
 * and neither is a greeting with a hole in it.
 */
public final class TemplateRenderer {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private TemplateRenderer() {
    }

    /** A rendered text, or the reason it could not be rendered. */
    public record Result(String text, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    public static Result render(String template, Map<String, String> values) {
        if (template == null) {
            return new Result(null, null);
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 32);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null || value.isBlank()) {
                return new Result(null, "MISSING_VALUE:" + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return new Result(out.toString(), null);
    }

    /**
     * The campaign's template fields of the touchpoint that are rendered for each contact: its text fields, by name (a
     * list field, such as the MM store's app ids, is not a text).
     */
    public static Map<String, String> texts(Touchpoint touchpoint, Map<String, Object> template) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (TemplateField f : touchpoint.templateFields()) {
            if (f.kind() != TemplateField.Kind.LIST && template.get(f.name()) instanceof String text) {
                texts.put(f.name(), text);
            }
        }
        return texts;
    }
}

package com.carrier.hub.api.touchpoint;

/**
 * One field of a touchpoint's campaign template, as the campaign API validates it.
 *
 * @param name        the field's name under {@code templates.<ID>}, for example {@code text}
 * @param description what the field is for, shown when it is missing
 * @param required    whether a campaign naming the touchpoint must fill it
 * @param maxLength   the longest value (of each item, for a list) in characters
 * @param kind        how the value is read and checked
 */
public record TemplateField(String name, String description, boolean required, int maxLength, Kind kind) {

    /** How a template field's value is read. */
    public enum Kind {
        /** Text with placeholders ({@code ${name}}, {@code ${attr1}}…) the hub fills for every contact. */
        TEXT,
        /** An http(s) URL with placeholders. */
        URL,
        /** A list of ids the contact policy uses (for example the MM apps to recommend); not rendered. */
        LIST
    }

    public static TemplateField text(String name, String description, boolean required, int maxLength) {
        return new TemplateField(name, description, required, maxLength, Kind.TEXT);
    }
}

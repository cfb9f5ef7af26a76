package com.carrier.hub.api;

/** Spring Boot's two spellings of a property: kebab-case in configuration, camelCase in Java fields. */
public final class PropertyNames {

    private PropertyNames() {
    }

    /** {@code bootstrap-servers} → {@code bootstrapServers}. */
    public static String camel(String kebab) {
        StringBuilder out = new StringBuilder(kebab.length());
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** {@code bootstrapServers} → {@code bootstrap-servers}; dots and brackets are kept. */
    public static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}

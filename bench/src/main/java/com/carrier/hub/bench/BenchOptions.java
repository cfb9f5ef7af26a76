package com.carrier.hub.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name value} options of a benchmark run; a bare {@code --flag} is {@code true}. */
public final class BenchOptions {

    private final Map<String, String> values = new LinkedHashMap<>();

    public BenchOptions(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("bench: expected --option, got '" + a + "'");
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(name, args[++i]);
            } else {
                values.put(name, "true");
            }
        }
    }

    public long getLong(String name, long defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench: --" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public int getInt(String name, int defaultValue) {
        return Math.toIntExact(getLong(name, defaultValue));
    }

    public String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }
}

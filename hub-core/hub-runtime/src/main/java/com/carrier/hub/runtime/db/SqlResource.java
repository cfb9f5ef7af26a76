package com.carrier.hub.runtime.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;

/**
 * Reads a long SQL statement kept as a {@code .sql} resource beside the class that runs it (same package folder under
 * {@code src/main/resources}), once, typically into a {@code static final} field. Spring's {@link ClassPathResource}
 * does the reading; this only turns a missing resource into an unchecked error that names it, so a static initialiser
 * can use it.
 */
public final class SqlResource {

    private SqlResource() {
    }

    /** The text (UTF-8) of {@code name} in {@code owner}'s package folder on the classpath. */
    public static String load(Class<?> owner, String name) {
        ClassPathResource resource = new ClassPathResource(name, owner);
        try {
            return resource.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("SQL resource " + resource.getPath() + " (beside " + owner.getSimpleName()
                    + ") could not be read: " + e.getMessage(), e);
        }
    }
}

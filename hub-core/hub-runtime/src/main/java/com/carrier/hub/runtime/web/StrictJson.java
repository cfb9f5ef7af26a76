package com.carrier.hub.runtime.web;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.carrier.hub.api.FieldError;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Strict JSON for the admin API: with {@code spring.jackson.deserialization.fail-on-unknown-properties} (application
 * yaml) a misspelt field is refused instead of ignored, so a typo never widens a selection or drops a setting; the
 * module here refuses U+0000 in any string, which PostgreSQL cannot store. Both come back as a 400 naming the field
 * and its path ({@link #fieldError}).
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    /** Registered by Spring Boot into the application's ObjectMapper. */
    @Bean
    public Module hubStrictStrings() {
        return new SimpleModule("hub-strict-strings").addDeserializer(String.class, new NoNulStrings());
    }

    /** The field a mapping error concerns ({@code query.brands[0]}, {@code controlPercnt}) and what is wrong with it. */
    public static FieldError fieldError(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("(body)");
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            message = "unknown field '" + unknown.getPropertyName() + "'" + (known == null || known.isEmpty() ? ""
                    : "; known fields here: " + known.stream().map(Objects::toString).sorted().toList());
        } else {
            message = e.getOriginalMessage();
        }
        return new FieldError(field, message);
    }

    /** The problem-detail errors list for one mapping error. */
    static List<Map<String, String>> errors(JsonMappingException e) {
        FieldError f = fieldError(e);
        return List.of(Map.of("field", f.property(), "message", f.message()));
    }

    /** Jackson's string deserializer, refusing a value with U+0000. */
    static final class NoNulStrings extends StringDeserializer {
        private static final long serialVersionUID = 1L;

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(p, "must not contain U+0000 (NUL)", null, String.class);
            }
            return value;
        }
    }
}

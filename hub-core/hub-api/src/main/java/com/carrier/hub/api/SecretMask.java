package com.carrier.hub.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/** Serialises a {@link Secret} value as a fixed mask: whether it is set shows, its value and length never do. */
public final class SecretMask extends StdSerializer<Object> {

    /** What a set secret is shown as. */
    public static final String MASK = "******";

    public SecretMask() {
        super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        gen.writeString(MASK);
    }

    /** Masks a value for a log line or message. */
    public static String mask(Object value) {
        return value == null ? null : MASK;
    }
}

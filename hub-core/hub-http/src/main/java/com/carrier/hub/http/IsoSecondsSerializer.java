package com.carrier.hub.http;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Writes an {@link OffsetDateTime} as the peers show it, {@code 2026-11-22T08:00:00+08:00} (seconds always, offset
 * kept). A bulk push repeats one campaign's validity times on every item, so the last value formatted is remembered:
 * formatting dominated the serialisation cost without it.
 */
public final class IsoSecondsSerializer extends StdSerializer<OffsetDateTime> {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private record Last(OffsetDateTime value, String text) {
    }

    private volatile Last last = new Last(null, null);

    public IsoSecondsSerializer() {
        super(OffsetDateTime.class);
    }

    @Override
    public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        Last l = last;
        if (!value.equals(l.value())) {
            l = new Last(value, FORMAT.format(value));
            last = l;
        }
        gen.writeString(l.text());
    }
}

package com.carrier.hub.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.carrier.hub.api.HubMessage;
import com.fasterxml.jackson.databind.JsonMappingException;

/** The envelope's time reads as {@link OffsetDateTime#parse} would, fast path or not. */
class EnvelopeTimeDeserializerTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T08:00:00+08:00", "2026-11-22T08:00:00Z", "2026-11-22T08:00:00.5+08:00",
            "2026-11-22T08:00:00.123456789-05:30", "2024-02-29T23:59:59.000+00:00", "2026-11-22T08:00+08:00",
            "2026-11-22T08:00:00+08:00:00", "2026-11-22T08:00:00-00:00", "2026-11-22T08:00:00.+08:00"})
    void readsWhatTheIsoParserReads(String text) throws Exception {
        HubMessage m = HubEnvelopes.MAPPER.readValue("{\"messageId\":\"m\",\"type\":\"t\",\"sourceSystem\":\"s\",\"time\":\""
                + text + "\",\"payload\":{}}", HubMessage.class);
        OffsetDateTime expected = OffsetDateTime.parse(text);
        assertThat(m.time()).isEqualTo(expected);
        assertThat(m.time().getOffset()).isEqualTo(expected.getOffset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T08:00:00+08:00", "2026-11-22T25:00:00+08:00", "2026-11-22T08:00:00+19:00",
            "2026-11-22 08:00:00+08:00", "2026-11-22T08:00:00", "yesterday"})
    void refusesWhatTheIsoParserRefuses(String text) {
        assertThatThrownBy(() -> HubEnvelopes.MAPPER.readValue("{\"messageId\":\"m\",\"type\":\"t\",\"sourceSystem\":\"s\","
                + "\"time\":\"" + text + "\",\"payload\":{}}", HubMessage.class))
                .isInstanceOf(JsonMappingException.class)
                .satisfies(e -> assertThat(((JsonMappingException) e).getPath().get(0).getFieldName()).isEqualTo("time"));
    }
}

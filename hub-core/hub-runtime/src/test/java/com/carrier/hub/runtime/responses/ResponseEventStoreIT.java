package com.carrier.hub.runtime.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEvent.Channel;
import com.carrier.hub.api.ResponseEvent.Type;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.runtime.HubIT;

class ResponseEventStoreIT extends HubIT {

    @Autowired
    ResponseEventSink sink;
    @Autowired
    JdbcResponseEventStore store;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void sameEventTwiceIsStoredOnce() {
        ResponseEvent click = new ResponseEvent("portal", "evt-1", Channel.PORTAL, Type.CLICKED, "13800000001", "C1",
                "C1:13800000001", Instant.parse("2026-11-22T08:00:00Z"), null);
        assertThat(sink.append(List.of(click))).isEqualTo(1);
        assertThat(sink.append(List.of(click, click))).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM response_event WHERE source='portal' AND event_id='evt-1'",
                Long.class)).isEqualTo(1);
    }

    @Test
    void unsubscribeRecordsTheChannelOptOutWithTheEvent() {
        ResponseEvent td = new ResponseEvent("sms", "mo-77", Channel.SMS, Type.UNSUBSCRIBED, "13800000077", null, null,
                Instant.now(), "TD");
        assertThat(store.optedOut("13800000077", Channel.SMS)).isFalse();
        sink.append(List.of(td));
        assertThat(store.optedOut("13800000077", Channel.SMS)).isTrue();
        assertThat(store.optedOut("13800000077", Channel.PORTAL)).isFalse();
    }
}

package com.carrier.hub.runtime.campaign.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;

/**
 * The touchpoint-send-action's guarantee: whatever a touchpoint does — answers for everyone, for some, or throws — the
 * step answers for every contact and never fails the exchange, so the route's retries cannot send a slice twice.
 */
class TouchpointSendTest {

    private static final TouchpointSlice SLICE = new TouchpointSlice("C1", null, "P1", OffsetDateTime.now(), List.of(
            new TouchpointContact("13800000001", Map.of(), Map.of()),
            new TouchpointContact("13800000002", Map.of(), Map.of()),
            new TouchpointContact("13800000003", Map.of(), Map.of())));

    @Test
    void aTouchpointThatThrowsLeavesEveryContactUnknownWhenARepeatIsHarmfulAndToRetryWhenHarmless() {
        Function<TouchpointSlice, List<ContactResult>> fails = s -> {
            throw new IllegalStateException("peer exploded");
        };
        assertThat(send(touchpoint("CALLS", false, fails))).extracting(ContactResult::status)
                .containsOnly(ContactResult.Status.OUTCOME_UNKNOWN).hasSize(3);
        assertThat(send(touchpoint("BANNER", true, fails))).extracting(ContactResult::status)
                .containsOnly(ContactResult.Status.RETRY).hasSize(3);
    }

    @Test
    void contactsATouchpointDidNotAnswerForAreCompletedTheSameWayAndTheAnswersKept() {
        List<ContactResult> results = send(touchpoint("CALLS", false,
                s -> List.of(ContactResult.sent("13800000002"))));
        assertThat(results).extracting(ContactResult::msisdn)
                .containsExactlyInAnyOrder("13800000001", "13800000002", "13800000003");
        assertThat(results).filteredOn(r -> r.msisdn().equals("13800000002")).extracting(ContactResult::status)
                .containsExactly(ContactResult.Status.SENT);
        assertThat(results).filteredOn(r -> !r.msisdn().equals("13800000002")).extracting(ContactResult::status)
                .containsOnly(ContactResult.Status.OUTCOME_UNKNOWN);
    }

    @Test
    void outsideTheDispatchRouteTheHeaderNamesTheTouchpointAndAnUnknownOneIsRefusedNamingTheKnown() {
        Touchpoint calls = touchpoint("CALLS", false, s -> s.contacts().stream().map(c -> ContactResult.sent(c.msisdn())).toList());
        TouchpointSend send = new TouchpointSend(new TouchpointRegistry(List.of(calls)));
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.getMessage().setBody(SLICE);
        e.getMessage().setHeader(TouchpointSlice.HEADER, "calls");
        assertThat(send.send(e)).extracting(ContactResult::status).containsOnly(ContactResult.Status.SENT).hasSize(3);
        e.getMessage().setHeader(TouchpointSlice.HEADER, "FAX");
        assertThatThrownBy(() -> send.send(e)).hasMessageContaining("'FAX'").hasMessageContaining("CALLS");
    }

    private static List<ContactResult> send(Touchpoint touchpoint) {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.getMessage().setBody(SLICE);
        e.getMessage().setHeader(TouchpointSlice.HEADER, touchpoint.id());
        return new TouchpointSend(new TouchpointRegistry(List.of(touchpoint))).send(e);
    }

    private static Touchpoint touchpoint(String id, boolean idempotent, Function<TouchpointSlice, List<ContactResult>> send) {
        return new Touchpoint() {
            public String id() {
                return id;
            }

            public String description() {
                return "test";
            }

            public boolean idempotent() {
                return idempotent;
            }

            public boolean quietHours() {
                return false;
            }

            public List<TemplateField> templateFields() {
                return List.of();
            }

            public List<String> responseTypes() {
                return List.of();
            }

            public String connectorId() {
                return null;
            }

            public List<ContactResult> send(TouchpointSlice slice) {
                return send.apply(slice);
            }
        };
    }
}

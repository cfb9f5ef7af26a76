package com.carrier.hub.runtime.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Trigger conditions and event types (PEERS §7.4, §11): what is accepted, what is refused and where, how they match. */
class TriggerConditionTest {

    /** Where Spring's parser places a construct it parsed but the condition refuses: not checked. */
    private static final int ANY = Integer.MIN_VALUE;

    private final ObjectMapper json = new ObjectMapper();
    private final EventTypes types = new EventTypes(new TriggersProperties());
    private final EventTypes.EventType usage = types.get("usage.threshold");

    @Test
    void theContractsExampleMatchesWhatItSays() throws Exception {
        TriggerCondition c = TriggerCondition.compile("metric == 'DATA' && usedPercent >= 80", usage);
        assertThat(c.test(values("{\"msisdn\":\"13800000001\",\"metric\":\"DATA\",\"usedPercent\":80}"))).isTrue();
        assertThat(c.test(values("{\"msisdn\":\"13800000001\",\"metric\":\"DATA\",\"usedPercent\":79.5}"))).isFalse();
        assertThat(c.test(values("{\"msisdn\":\"13800000001\",\"metric\":\"VOICE\",\"usedPercent\":100}"))).isFalse();
        TriggerCondition any = TriggerCondition.compile("not (metric == 'SMS') and (usedPercent > 90 or packageId == 'PK1')", usage);
        assertThat(any.test(values("{\"msisdn\":\"13800000001\",\"metric\":\"DATA\",\"usedPercent\":50,\"packageId\":\"PK1\"}"))).isTrue();
        assertThat(any.test(values("{\"msisdn\":\"13800000001\",\"metric\":\"DATA\",\"usedPercent\":50}")))
                .as("an absent optional field compares as null").isFalse();
        TriggerCondition low = TriggerCondition.compile("balanceFen < -100", types.get("balance.low"));
        assertThat(low.test(EventTypes.read(types.get("balance.low"),
                json.readTree("{\"msisdn\":\"13800000001\",\"balanceFen\":-500}")))).isTrue();
    }

    @Test
    void typosAndAnythingBeyondFieldsAndComparisonsAreRefusedWithTheirPosition() {
        assertRefused("metric == 'DATA' && usedPrecent >= 80", 20, "unknown field 'usedPrecent' of usage.threshold");
        assertRefused("metric != 'DAT'", 10, "field 'metric' is never 'DAT': one of [DATA, VOICE, SMS]");
        assertRefused("usedPercent >= '80'", 15, "compare it with a number, not the text '80'");
        assertRefused("metric == 80", 10, "compare it with a text in quotes");
        assertRefused("T(java.lang.Runtime).getRuntime().exec('id') == null", ANY, "is not allowed");
        assertRefused("metric.length() > 2", ANY, "is not allowed");
        assertRefused("@bean == 1", ANY, "is not allowed");
        assertRefused("#root == null", ANY, "is not allowed");
        assertRefused("usedPercent", 0, "must be true or false");
        assertRefused("usedPercent >= 80 &&", 18, "");
        assertRefused(" ", -1, "is required");
    }

    @Test
    void aPayloadIsCheckedFieldByFieldNamingWhatIsWrong() {
        assertThatThrownBy(() -> values("{\"msisdn\":\"13800000001\",\"metric\":\"DATA\"}"))
                .hasMessage("payload lacks the required field 'usedPercent' of usage.threshold");
        assertThatThrownBy(() -> values("{\"msisdn\":\"13800000001\",\"metric\":\"DATA\",\"usedPercent\":true}"))
                .hasMessage("payload field 'usedPercent' must be a number, got the boolean true");
        assertThatThrownBy(() -> values("{\"msisdn\":\"1380000\",\"metric\":\"DATA\",\"usedPercent\":1}"))
                .hasMessageContaining("payload field 'msisdn' must be 11 digits starting with 1");
        assertThatThrownBy(() -> values("{\"msisdn\":\"13800000001\",\"metric\":\"DATA\",\"usedPercent\":1,\"extra\":1}"))
                .hasMessageStartingWith("payload field 'extra' is not a field of usage.threshold");
        assertThatThrownBy(() -> EventTypes.read(types.get("bill.issued"),
                json.readTree("{\"msisdn\":\"13800000001\",\"month\":\"2026-12\",\"amountFen\":100}")))
                .hasMessageStartingWith("payload field 'month' must be a month yyyyMM");
    }

    @Test
    void aProvinceAddsAnEventTypeByConfigurationAndKeepsTheBuiltInOnes() throws Exception {
        Map<String, String> config = Map.of(
                "hub.triggers.event-types[app.opened].msisdn", "msisdn",
                "hub.triggers.event-types[app.opened].page", "one-of:HOME|BILL|SHOP",
                "hub.triggers.event-types[app.opened].seconds", "integer?");
        TriggersProperties bound = new Binder(new MapConfigurationPropertySource(config))
                .bindOrCreate("hub.triggers", Bindable.of(TriggersProperties.class));
        EventTypes configured = new EventTypes(bound);
        assertThat(configured.names()).contains("app.opened", "usage.threshold", "bill.issued");
        TriggerCondition shop = TriggerCondition.compile("page == 'SHOP'", configured.get("app.opened"));
        assertThat(shop.test(EventTypes.read(configured.get("app.opened"),
                json.readTree("{\"msisdn\":\"13800000001\",\"page\":\"SHOP\"}")))).isTrue();

        Map<String, String> bad = Map.of("hub.triggers.event-types[x].msisdn", "msisdn", "hub.triggers.event-types[x].n", "float");
        TriggersProperties wrong = new Binder(new MapConfigurationPropertySource(bad))
                .bindOrCreate("hub.triggers", Bindable.of(TriggersProperties.class));
        assertThatThrownBy(() -> new EventTypes(wrong)).hasMessageContaining("hub.triggers.event-types[x].n: unknown kind 'float'");
    }

    private Map<String, Object> values(String payload) throws Exception {
        return EventTypes.read(usage, json.readTree(payload));
    }

    private void assertRefused(String condition, int position, String message) {
        assertThatThrownBy(() -> TriggerCondition.compile(condition, usage))
                .isInstanceOf(TriggerCondition.Invalid.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    if (position != ANY) {
                        assertThat(((TriggerCondition.Invalid) e).position()).as(condition).isEqualTo(position);
                    }
                });
    }
}

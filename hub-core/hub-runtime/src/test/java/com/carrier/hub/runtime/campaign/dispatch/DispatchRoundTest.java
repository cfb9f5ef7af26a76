package com.carrier.hub.runtime.campaign.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.HubInstance;
import com.carrier.hub.runtime.events.HubEvents;
import com.carrier.hub.runtime.events.HubEventsProperties;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A dispatch round's slices are claimed as the route's split reads them — the first slice's worth, then the rest while
 * it is out; the claims of a round add up to no more than the round's claim limit (slices in flight × slice, or
 * {@code batch-size}), and a claim that comes back short ends the touchpoint's round.
 */
class DispatchRoundTest {

    private static final int SLICE = 3;

    /** The contacts due, served by claims in order; the size of every claim asked. */
    private final Deque<String> due = new ArrayDeque<>();
    private final List<Integer> asked = new ArrayList<>();

    @Test
    void aRoundClaimsItsFirstSliceThenTheRestAsItIsReadAndNoMoreThanItsLimit() {
        for (int i = 0; i < 20; i++) {
            due.add("1380000" + String.format("%04d", i));
        }
        Exchange exchange = exchange();
        Iterator<CampaignDispatcher.Slice> round = dispatcher(new DispatchProperties()).claim(exchange);

        assertThat(asked).as("the first slice is claimed to know whether the round found work; nothing more yet")
                .containsExactly(SLICE);
        assertThat(exchange.getProperty(Exchange.SCHEDULER_POLLED_MESSAGES)).isNull();
        List<Integer> sizes = new ArrayList<>();
        round.forEachRemaining(s -> sizes.add(s.size()));
        // 4 slices in flight × 3: the round's limit, whatever more is due
        assertThat(sizes).containsExactly(3, 3, 3, 3);
        assertThat(asked).as("the first slice, then the rest of the limit").containsExactly(3, 9);
        assertThat(due).hasSize(8);
    }

    @Test
    void aShortClaimEndsTheRoundAndAnEmptyRoundTellsTheSchedulerToWait() {
        for (int i = 0; i < 7; i++) {
            due.add("1380000" + String.format("%04d", i));
        }
        DispatchProperties properties = new DispatchProperties();
        properties.setBatchSize(100);
        List<Integer> sizes = new ArrayList<>();
        dispatcher(properties).claim(exchange()).forEachRemaining(s -> sizes.add(s.size()));
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(asked).as("the first slice, then the rest; no claim after a short one").containsExactly(3, 97);

        asked.clear();
        Exchange idle = exchange();
        assertThat(dispatcher(properties).claim(idle).hasNext()).isFalse();
        assertThat(idle.getProperty(Exchange.SCHEDULER_POLLED_MESSAGES)).isEqualTo(false);
        assertThat(asked).containsExactly(3);
    }

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    private CampaignDispatcher dispatcher(DispatchProperties properties) {
        JdbcTemplate none = new JdbcTemplate();
        HubEvents events = new HubEvents(none, new HubEventsProperties());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        CampaignDefinition definition = new CampaignDefinition("ROUND", "round", "PUBLICITY", null, List.of("PUSH"),
                Map.of("PUSH", Map.of("text", "hello")), null, now.minusDays(1), now.plusDays(1),
                new CampaignDefinition.QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT), null, null, null, null,
                null, null, null, null).withDefaults();
        CampaignRepository campaigns = new CampaignRepository(none, JsonMapper.builder().build(), events) {
            @Override
            public List<Campaign> list(CampaignStatus status) {
                return List.of(new Campaign(definition, CampaignStatus.RUNNING, 1, Instant.now(), Instant.now()));
            }
        };
        ContactStore store = new ContactStore(none, JsonMapper.builder().build(), events) {
            @Override
            public List<Claimed> claim(String campaignId, String channel, String instance, int limit, boolean submitting) {
                asked.add(limit);
                List<Claimed> claimed = new ArrayList<>();
                while (claimed.size() < limit && !due.isEmpty()) {
                    claimed.add(new Claimed(due.poll(), Map.of()));
                }
                return claimed;
            }

            @Override
            public int recover(String restartedInstance, Duration lease, List<String> idempotentChannels, boolean resendUnknown) {
                return 0;
            }
        };
        // the instance's registration row is all it writes
        JdbcTemplate registers = new JdbcTemplate() {
            @Override
            public int update(String sql, Object... args) {
                return 1;
            }
        };
        return new CampaignDispatcher(campaigns, store, new HubInstance(registers, "round-test", Duration.ofSeconds(30)),
                properties, new ChannelPreferences(), new TouchpointRegistry(List.of(new Push())), null);
    }

    /** A touchpoint of slices of {@link #SLICE}, no quiet hours, no capacity. */
    private static final class Push implements Touchpoint {
        @Override
        public String id() {
            return "PUSH";
        }

        @Override
        public String description() {
            return "test pushes";
        }

        @Override
        public boolean idempotent() {
            return true;
        }

        @Override
        public int sliceSize() {
            return SLICE;
        }

        @Override
        public boolean quietHours() {
            return false;
        }

        @Override
        public List<TemplateField> templateFields() {
            return List.of(TemplateField.text("text", "the text", true, 100));
        }

        @Override
        public List<String> responseTypes() {
            return List.of();
        }

        @Override
        public String connectorId() {
            return "test";
        }

        @Override
        public List<ContactResult> send(TouchpointSlice slice) {
            throw new UnsupportedOperationException("a round only claims");
        }
    }
}

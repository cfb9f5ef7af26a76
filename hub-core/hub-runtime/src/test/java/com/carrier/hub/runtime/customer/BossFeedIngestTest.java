package com.carrier.hub.runtime.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The Kamelet boss-feed-ingest-action's step runs the feed named into its one publication, and nothing else. */
class BossFeedIngestTest {

    private final List<String> ran = new ArrayList<>();
    private final BossFeedIngest ingest = new BossFeedIngest(
            new BossFeedIngest.Ingest("order", "orders", e -> ran.add("order")),
            new BossFeedIngest.Ingest("subscription", "holdings", e -> ran.add("subscription")));

    @Test
    void runsTheFeedNamedIntoItsPublication() throws Exception {
        ingest.process(exchange("subscription", "holdings"));
        assertThat(ran).containsExactly("subscription");
    }

    @Test
    void aFeedIntoAnotherFeedsTableOrAnUnknownFeedFailsNamingItAndWhatIsKnown() {
        assertThatThrownBy(() -> ingest.process(exchange("order", "holdings")))
                .hasMessage("boss-feed-ingest-action: feed 'order' into 'holdings' is not a BOSS feed and publication the"
                        + " hub knows (order into orders, subscription into holdings)");
        assertThatThrownBy(() -> ingest.process(exchange("orders", "orders"))).hasMessageContaining("feed 'orders'");
        assertThat(ran).isEmpty();
    }

    private static Exchange exchange(String feed, String into) {
        CamelContext camel = new DefaultCamelContext();
        Exchange e = new DefaultExchange(camel);
        e.getMessage().setHeader(BossFeedIngest.FEED, feed);
        e.getMessage().setHeader(BossFeedIngest.PUBLICATION, into);
        return e;
    }
}

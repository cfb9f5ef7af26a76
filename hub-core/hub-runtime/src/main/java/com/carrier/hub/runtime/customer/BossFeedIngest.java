package com.carrier.hub.runtime.customer;

import java.util.Map;
import java.util.TreeMap;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The step of the Kamelet {@code boss-feed-ingest-action}: runs the BOSS feed its {@code feed} parameter names into the
 * publication its {@code into} parameter names (headers {@value #FEED} and {@value #PUBLICATION}), so each BOSS route
 * says which feed it takes and where its rows end up. A feed and publication that do not go together fail the exchange
 * naming both and the pairs the hub knows: a route cannot publish one feed's rows into another feed's table.
 */
public class BossFeedIngest implements Processor {

    public static final String FEED = "HubBossFeed";
    public static final String PUBLICATION = "HubBossPublication";

    /** One feed with the one publication its rows go to. */
    public record Ingest(String feed, String into, Processor processor) {
    }

    private final Map<String, Ingest> byFeed = new TreeMap<>();

    public BossFeedIngest(Ingest... ingests) {
        for (Ingest i : ingests) {
            byFeed.put(i.feed(), i);
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String feed = exchange.getMessage().getHeader(FEED, String.class);
        String into = exchange.getMessage().getHeader(PUBLICATION, String.class);
        Ingest ingest = byFeed.get(feed);
        if (ingest == null || !ingest.into().equals(into)) {
            StringBuilder known = new StringBuilder();
            byFeed.values().forEach(i -> known.append(known.length() == 0 ? "" : ", ").append(i.feed()).append(" into ")
                    .append(i.into()));
            throw new IllegalArgumentException("boss-feed-ingest-action: feed '" + feed + "' into '" + into
                    + "' is not a BOSS feed and publication the hub knows (" + known + ")");
        }
        ingest.processor().process(exchange);
    }
}

package com.carrier.hub.runtime.responses;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code hub-responses:in}: the response events peers push, one exchange per batch (body {@link ResponseBatch}). A
 * consumer only: events come from the connectors through the hub's {@code ResponseEventSink}, never from a route.
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = ResponsesComponent.SCHEME, title = "Hub responses",
        syntax = "hub-responses:name", consumerOnly = true, category = Category.CORE)
public class ResponsesEndpoint extends DefaultEndpoint {

    private final ResponseCollection collection;

    @UriPath(description = "Always in")
    @Metadata(required = true)
    private String name = ResponsesComponent.IN;

    @UriParam(description = "Most events one batch holds (hub.responses.batch-size)")
    private int batchSize;

    @UriParam(description = "Milliseconds the first event of a batch waits for more; 0: none (hub.responses.batch-interval)")
    private long batchInterval;

    ResponsesEndpoint(String uri, ResponsesComponent component, ResponseCollection collection) {
        super(uri, component);
        this.collection = collection;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(ResponsesComponent.SCHEME + ":" + name + " is a source: the responses"
                + " peers push reach it from their connectors, a route cannot send to it");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (batchSize < 1) {
            throw new IllegalArgumentException(getEndpointUri() + ": batchSize is " + batchSize + ", it must be 1 or more");
        }
        if (batchInterval < 0) {
            throw new IllegalArgumentException(getEndpointUri() + ": batchInterval is " + batchInterval
                    + " ms, it must be 0 or more");
        }
        ResponsesConsumer consumer = new ResponsesConsumer(this, processor, collection);
        configureConsumer(consumer);
        return consumer;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getBatchInterval() {
        return batchInterval;
    }

    public void setBatchInterval(long batchInterval) {
        this.batchInterval = batchInterval;
    }
}

package com.carrier.hub.runtime.responses;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

/**
 * The {@code hub-responses:} Camel component: the source of the response collection route. Its one endpoint,
 * {@code hub-responses:in}, emits one exchange per batch of the response events peers push (SMS receipts and replies,
 * HTTP callbacks), whose callers wait until their batch's exchange completes.
 *
 * <p>Why hand-written: the callers are the connectors' threads that must not acknowledge their peer before their own
 * events are stored, and must learn of their own failure. Camel's {@code seda:}/{@code direct:} hand on one exchange
 * per call (the granularity rule allows one per batch, never per event), and the aggregator EIP completes each
 * caller's exchange when it is added to the aggregate, not when the aggregate is stored. This component is that small
 * missing piece, laid out as camel-smpp is (component, {@link ResponsesEndpoint}, {@link ResponsesConsumer}); the
 * batches' events come from {@link ResponseCollection}, the hub's {@code ResponseEventSink}.
 */
@Component(ResponsesComponent.SCHEME)
public class ResponsesComponent extends DefaultComponent {

    /** The component's name in endpoint URIs. */
    public static final String SCHEME = "hub-responses";

    /** The one endpoint's name: {@code hub-responses:in}. */
    static final String IN = "in";

    private final ResponseCollection collection;
    private final ResponsesProperties properties;

    public ResponsesComponent(ResponseCollection collection, ResponsesProperties properties) {
        this.collection = collection;
        this.properties = properties;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!IN.equals(remaining)) {
            throw new IllegalArgumentException(SCHEME + ":" + remaining + " does not exist: the responses peers push are"
                    + " collected at " + SCHEME + ":" + IN + " only");
        }
        ResponsesEndpoint endpoint = new ResponsesEndpoint(uri, this, collection);
        // the settings are the defaults; a route passes them as {{hub.responses.*}}
        endpoint.setBatchSize(properties.getBatchSize());
        endpoint.setBatchInterval(properties.getBatchInterval().toMillis());
        setProperties(endpoint, parameters);
        return endpoint;
    }
}

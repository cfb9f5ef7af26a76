package com.carrier.hub.runtime.touchpoints;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;

/**
 * A touchpoint declared in configuration ({@code hub.touchpoints.declared.<ID>}): its slice goes to its Camel
 * {@link #endpoint()}, served by a route in routes/, which answers with a {@code List<ContactResult>}. An exception from
 * the endpoint means nothing was delivered (a file pair counts only once its control file, written last, is there), so
 * every contact of the slice is tried again later: none lost, none twice. A contact the route's answer leaves out may
 * have been delivered: OUTCOME_UNKNOWN.
 */
public class DeclaredTouchpoint implements Touchpoint {

    /** Header naming the touchpoint whose slice the exchange carries, for the generic steps of its route. */

    private static final Logger LOG = LoggerFactory.getLogger(DeclaredTouchpoint.class);

    private final String id;
    private final DeclaredTouchpointsProperties.Declared declared;
    private final ProducerTemplate producer;
    private final List<TemplateField> fields;

    public DeclaredTouchpoint(String id, DeclaredTouchpointsProperties.Declared declared, ProducerTemplate producer) {
        this.id = id.strip().toUpperCase(Locale.ROOT);
        this.declared = declared;
        this.producer = producer;
        this.fields = declared.getTemplateFields().stream()
                .map(f -> TemplateField.text(f.getName(), f.getDescription(), f.isRequired(), f.getMaxLength())).toList();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return declared.getDescription();
    }

    @Override
    public boolean idempotent() {
        return declared.isIdempotent();
    }

    @Override
    public int sliceSize() {
        return declared.getSliceSize();
    }

    @Override
    public boolean quietHours() {
        return declared.isQuietHours();
    }

    @Override
    public Long dailyCapacity() {
        return declared.getDailyCapacity();
    }

    @Override
    public Duration sendInterval() {
        return declared.getSendInterval();
    }

    @Override
    public List<TemplateField> templateFields() {
        return fields;
    }

    @Override
    public List<String> responseTypes() {
        return List.copyOf(declared.getResponseTypes());
    }

    @Override
    public String connectorId() {
        return declared.getConnector() == null || declared.getConnector().isBlank() ? null : declared.getConnector();
    }

    /** The Camel endpoint its slices go to. */
    public String endpoint() {
        return declared.getEndpoint();
    }

    @Override
    public List<ContactResult> send(TouchpointSlice slice) {
        Object answer;
        try {
            answer = producer.requestBodyAndHeader(endpoint(), slice, TouchpointSlice.HEADER, id);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("touchpoint {}: {} failed, the slice's {} contacts of campaign {} are tried again later: {}", id,
                    endpoint(), slice.contacts().size(), slice.campaignId(), cause.getMessage());
            return slice.contacts().stream().map(c -> new ContactResult(c.msisdn(), ContactResult.Status.RETRY,
                    "ENDPOINT_FAILED", List.of(), 0)).toList();
        }
        return answers(slice, answer);
    }

    /** The route's answer for every contact of the slice; one it does not answer for is OUTCOME_UNKNOWN. */
    private List<ContactResult> answers(TouchpointSlice slice, Object answer) {
        Map<String, ContactResult> byMsisdn = new HashMap<>();
        if (answer instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof ContactResult r) {
                    byMsisdn.put(r.msisdn(), r);
                }
            }
        }
        List<ContactResult> results = new ArrayList<>(slice.contacts().size());
        int missing = 0;
        for (TouchpointContact c : slice.contacts()) {
            ContactResult r = byMsisdn.get(c.msisdn());
            if (r == null) {
                missing++;
                r = new ContactResult(c.msisdn(), ContactResult.Status.OUTCOME_UNKNOWN, "NO_ANSWER_FROM_ROUTE", List.of(), 0);
            }
            results.add(r);
        }
        if (missing > 0) {
            LOG.error("touchpoint {}: {} answered for {} of {} contacts (campaign {}); the rest are OUTCOME_UNKNOWN: its route"
                    + " must end with a List<ContactResult> for the whole slice", id, endpoint(),
                    slice.contacts().size() - missing, slice.contacts().size(), slice.campaignId());
        }
        return results;
    }
}

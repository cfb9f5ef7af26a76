package com.acme.sms;

import java.util.List;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointSlice;

/** A province's own SMS touchpoint that takes the id of the one the hub ships: the hub must refuse to start. */
public class ProvinceSmsTouchpoint implements Touchpoint {

    @Override
    public String id() {
        return "SMS";
    }

    @Override
    public String description() {
        return "SMS through the province's own gateway";
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public boolean quietHours() {
        return true;
    }

    @Override
    public List<TemplateField> templateFields() {
        return List.of(TemplateField.text("text", "the message", true, 500));
    }

    @Override
    public List<String> responseTypes() {
        return List.of("DELIVERED");
    }

    @Override
    public String connectorId() {
        return null;
    }

    @Override
    public List<ContactResult> send(TouchpointSlice slice) {
        return slice.contacts().stream().map(c -> ContactResult.failed(c.msisdn(), "NOT_CONNECTED")).toList();
    }
}

package com.carrier.hub.connector.app;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.http.BadCallback;
import com.carrier.hub.http.CallbackEventParser;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads an app event callback (PEERS §10.2) into response events of channel APP: DELIVERED, OPENED and CLICKED, with
 * the pushId ({@code campaignId:msisdn}) as the correlation ref. Like a portal event, it names its campaign and
 * customer, so the ledger attributes it to the contact by campaign and MSISDN. The whole body is refused if any event
 * is bad.
 */
public final class AppEventParser extends CallbackEventParser {

    @Override
    protected ResponseEvent event(JsonNode e, String at) throws BadCallback {
        String eventId = text(e, at, "eventId");
        String typeName = text(e, at, "type");
        ResponseEvent.Type type = switch (typeName) {
            case "DELIVERED" -> ResponseEvent.Type.DELIVERED;
            case "OPENED" -> ResponseEvent.Type.OPENED;
            case "CLICKED" -> ResponseEvent.Type.CLICKED;
            default -> throw new BadCallback(at + ".type: unknown event type '" + clip(typeName)
                    + "' (expected DELIVERED, OPENED or CLICKED)");
        };
        String msisdn = msisdn(e, at);
        String campaignId = text(e, at, "campaignId");
        String pushId = text(e, at, "pushId");
        if (!pushId.equals(campaignId + ":" + msisdn)) {
            throw new BadCallback(at + ".pushId: must be campaignId:msisdn of the same event");
        }
        return new ResponseEvent("app", eventId, "APP", type, msisdn, campaignId, pushId, time(e, at), null);
    }
}

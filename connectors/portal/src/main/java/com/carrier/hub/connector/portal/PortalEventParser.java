package com.carrier.hub.connector.portal;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.http.BadCallback;
import com.carrier.hub.http.CallbackEventParser;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a portal event callback (PEERS §3.2) into response events: IMPRESSION, CLICK and ORDER become IMPRESSION,
 * CLICKED and ORDERED with the offerKey as the correlation ref. The whole body is refused if any event is bad.
 */
public final class PortalEventParser extends CallbackEventParser {

    @Override
    protected ResponseEvent event(JsonNode e, String at) throws BadCallback {
        String eventId = text(e, at, "eventId");
        String typeName = text(e, at, "type");
        ResponseEvent.Type type = switch (typeName) {
            case "IMPRESSION" -> ResponseEvent.Type.IMPRESSION;
            case "CLICK" -> ResponseEvent.Type.CLICKED;
            case "ORDER" -> ResponseEvent.Type.ORDERED;
            default -> throw new BadCallback(at + ".type: unknown event type '" + clip(typeName)
                    + "' (expected IMPRESSION, CLICK or ORDER)");
        };
        return new ResponseEvent("portal", eventId, "PORTAL", type, msisdn(e, at),
                text(e, at, "campaignId"), text(e, at, "offerKey"), time(e, at), null);
    }
}

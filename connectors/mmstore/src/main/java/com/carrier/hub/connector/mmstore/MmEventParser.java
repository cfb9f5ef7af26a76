package com.carrier.hub.connector.mmstore;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.http.BadCallback;
import com.carrier.hub.http.CallbackEventParser;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads an MM download callback (PEERS §4.3) into response events: DOWNLOAD and INSTALL become DOWNLOADED and
 * INSTALLED with the appId as the correlation ref. The whole body is refused if any event is bad.
 */
public final class MmEventParser extends CallbackEventParser {

    @Override
    protected ResponseEvent event(JsonNode e, String at) throws BadCallback {
        String eventId = text(e, at, "eventId");
        String typeName = text(e, at, "type");
        ResponseEvent.Type type = switch (typeName) {
            case "DOWNLOAD" -> ResponseEvent.Type.DOWNLOADED;
            case "INSTALL" -> ResponseEvent.Type.INSTALLED;
            default -> throw new BadCallback(at + ".type: unknown event type '" + clip(typeName)
                    + "' (expected DOWNLOAD or INSTALL)");
        };
        return new ResponseEvent("mmstore", eventId, "MM", type, msisdn(e, at),
                text(e, at, "campaignId"), text(e, at, "appId"), time(e, at), null);
    }
}

package com.carrier.hub.connector.sms;

import java.io.IOException;

import org.jsmpp.InvalidResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;

/** A jSMPP client session whose enquire_link the connector sends itself, to count missed answers (PEERS §5.1). */
final class HubSmppSession extends SMPPSession {

    void enquireLink() throws ResponseTimeoutException, InvalidResponseException, IOException {
        sendEnquireLink();
    }
}

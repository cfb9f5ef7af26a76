package com.carrier.hub.connector.sms;

import java.io.IOException;
import java.net.Socket;

import org.jsmpp.InvalidResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.ConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

/**
 * A jSMPP client session whose enquire_link the connector sends itself, to count missed answers (PEERS §5.1), on a
 * socket with TCP_NODELAY: a submit_sm is one small write, and with Nagle's algorithm the next one waited for the
 * SMSC's delayed ACK of the previous (up to 40 ms each while a window of submits waits on their answers).
 */
final class HubSmppSession extends SMPPSession {

    private static final ConnectionFactory NO_DELAY = (host, port) -> {
        Socket socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        return new SocketConnection(socket);
    };

    HubSmppSession() {
        super(NO_DELAY);
    }

    void enquireLink() throws ResponseTimeoutException, InvalidResponseException, IOException {
        sendEnquireLink();
    }
}

package com.carrier.hub.connector.sms;

import java.io.IOException;
import java.io.OutputStream;

import org.jsmpp.DefaultPDUReader;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUStringException;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.socket.SocketConnectionFactory;
import org.jsmpp.util.DefaultComposer;

/**
 * A jSMPP client session whose enquire_link the connector sends itself (to count missed answers, PEERS §5.1) and
 * which tells the rate limiter the moment each submit_sm has been written.
 */
final class HubSmppSession extends SMPPSession {

    /** The rate-limiter permit of the submit_sm the current thread is writing. */
    static final ThreadLocal<long[]> PERMIT = ThreadLocal.withInitial(() -> new long[] {-1});

    HubSmppSession(SubmitRateLimiter limiter) {
        super(new StampingSender(limiter), new DefaultPDUReader(), SocketConnectionFactory.getInstance());
    }

    void enquireLink() throws ResponseTimeoutException, InvalidResponseException, IOException {
        sendEnquireLink();
    }

    private static final class StampingSender extends SynchronizedPDUSender {

        private final SubmitRateLimiter limiter;

        StampingSender(SubmitRateLimiter limiter) {
            super(new DefaultPDUSender(new DefaultComposer()));
            this.limiter = limiter;
        }

        @Override
        public byte[] sendSubmitSm(OutputStream os, int sequenceNumber, String serviceType, TypeOfNumber sourceAddrTon,
                                   NumberingPlanIndicator sourceAddrNpi, String sourceAddr, TypeOfNumber destAddrTon,
                                   NumberingPlanIndicator destAddrNpi, String destinationAddr, ESMClass esmClass,
                                   byte protocolId, byte priorityFlag, String scheduleDeliveryTime,
                                   String validityPeriod, RegisteredDelivery registeredDelivery,
                                   byte replaceIfPresentFlag, DataCoding dataCoding, byte smDefaultMsgId,
                                   byte[] shortMessage, OptionalParameter... optionalParameters)
                throws PDUStringException, IOException {
            try {
                return super.sendSubmitSm(os, sequenceNumber, serviceType, sourceAddrTon, sourceAddrNpi, sourceAddr,
                        destAddrTon, destAddrNpi, destinationAddr, esmClass, protocolId, priorityFlag,
                        scheduleDeliveryTime, validityPeriod, registeredDelivery, replaceIfPresentFlag, dataCoding,
                        smDefaultMsgId, shortMessage, optionalParameters);
            } finally {
                limiter.written(PERMIT.get()[0]);
            }
        }
    }
}

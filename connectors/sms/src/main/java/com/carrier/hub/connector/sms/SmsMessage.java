package com.carrier.hub.connector.sms;

/**
 * One SMS the hub wants sent: to whom, what, from which service code, and for which contact of which campaign.
 *
 * @param msisdn        the customer's mainland mobile number (11 digits starting with 1)
 * @param text          the message text, any length up to the configured maximum number of parts
 * @param sourceAddress the service code it is sent from (e.g. {@code 10658001}); null for the connector's default
 * @param campaignId    the campaign, carried into the response events of its receipts; may be null
 * @param contactId     the hub's contact id, carried into the response events of its receipts; may be null
 */
public record SmsMessage(String msisdn, String text, String sourceAddress, String campaignId, String contactId) {

    /** A message from the connector's default source address without campaign or contact. */
    public static SmsMessage of(String msisdn, String text) {
        return new SmsMessage(msisdn, text, null, null, null);
    }
}

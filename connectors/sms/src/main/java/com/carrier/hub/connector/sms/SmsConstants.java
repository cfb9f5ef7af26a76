package com.carrier.hub.connector.sms;

/** Exchange headers of the SMS send endpoint ({@link SmsSendProcessor}, Kamelet {@code sms-send-action}). */
public final class SmsConstants {

    /** In: the customer's MSISDN, when the body is the text rather than an {@link SmsMessage}. */
    public static final String MSISDN = "HubSmsMsisdn";
    /** In: the service code to send from; the connector's default when absent. */
    public static final String SOURCE_ADDRESS = "HubSmsSourceAddress";
    /** In: the campaign id. */
    public static final String CAMPAIGN_ID = "HubSmsCampaignId";
    /** In: the contact id. */
    public static final String CONTACT_ID = "HubSmsContactId";
    /** Out: SENT, FAILED or OUTCOME_UNKNOWN. */
    public static final String STATUS = "HubSmsStatus";
    /** Out: the message ids of the accepted parts (a List of String). */
    public static final String MESSAGE_IDS = "HubSmsMessageIds";
    /** Out: the number of parts. */
    public static final String PARTS = "HubSmsParts";
    /** Out: for FAILED and OUTCOME_UNKNOWN, why. */
    public static final String REASON = "HubSmsReason";

    private SmsConstants() {
    }
}

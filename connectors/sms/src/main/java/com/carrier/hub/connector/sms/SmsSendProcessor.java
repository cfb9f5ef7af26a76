package com.carrier.hub.connector.sms;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The route-facing send endpoint, registered as bean {@code smsSend} and used by the Kamelet {@code sms-send-action}:
 * takes an {@link SmsMessage} body, a Map body with the same keys (a JSON object from a YAML route), or a text body
 * with the {@link SmsConstants} headers, sends it through the
 * {@link SmsGateway} and replaces the body with the {@link SmsSendResult} (also copied into the out headers).
 *
 * <p>A plain processor rather than a Camel component: the protocol work (binds, window, rate, receipts) lives in the
 * gateway the campaign engine also calls directly, and camel-smpp's one-submitter producer cannot hold a window.
 * A FAILED or OUTCOME_UNKNOWN result is a result, not an exception: the route decides what to do with it.
 */
public class SmsSendProcessor implements Processor {

    private final SmsGateway gateway;

    public SmsSendProcessor(SmsGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        SmsMessage message = body instanceof SmsMessage m ? m
                : body instanceof java.util.Map<?, ?> map ? new SmsMessage(text(map, "msisdn"), text(map, "text"),
                        text(map, "sourceAddress"), text(map, "campaignId"), text(map, "contactId"))
                : new SmsMessage(in.getHeader(SmsConstants.MSISDN, String.class), in.getBody(String.class),
                        in.getHeader(SmsConstants.SOURCE_ADDRESS, String.class),
                        in.getHeader(SmsConstants.CAMPAIGN_ID, String.class),
                        in.getHeader(SmsConstants.CONTACT_ID, String.class));
        SmsSendResult result = gateway.send(message);
        in.setBody(result);
        in.setHeader(SmsConstants.STATUS, result.status().name());
        in.setHeader(SmsConstants.MESSAGE_IDS, result.messageIds());
        in.setHeader(SmsConstants.PARTS, result.parts());
        in.setHeader(SmsConstants.REASON, result.reason());
    }

    private static String text(java.util.Map<?, ?> map, String key) {
        Object v = map.get(key);
        return v == null ? null : v.toString();
    }
}

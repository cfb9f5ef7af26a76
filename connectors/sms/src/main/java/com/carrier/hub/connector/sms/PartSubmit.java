package com.carrier.hub.connector.sms;

/**
 * One part of a message, encoded once, waiting for a submitter: the submit_sm's fields and where its outcome goes.
 *
 * @param message     the message the part belongs to, told the part's outcome
 * @param index       the part's index in the message, from 0
 * @param source      the source address (service code)
 * @param destination the customer's MSISDN
 * @param esmClass    0x40 when the payload starts with a concatenation UDH, else 0
 * @param dataCoding  GSM 7-bit or UCS-2 ({@link SmsEncoder})
 * @param payload     the short message bytes
 */
record PartSubmit(OutgoingSms message, int index, String source, String destination, byte esmClass, byte dataCoding,
                  byte[] payload) {
}

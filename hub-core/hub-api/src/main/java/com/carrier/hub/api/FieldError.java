package com.carrier.hub.api;

/**
 * One problem with one configuration property, reported rather than thrown (Kafka Connect's validate is the model).
 *
 * @param property the full property name, for example {@code hub.connectors.sms.binds}
 * @param message  what is wrong and what is expected
 */
public record FieldError(String property, String message) {
}

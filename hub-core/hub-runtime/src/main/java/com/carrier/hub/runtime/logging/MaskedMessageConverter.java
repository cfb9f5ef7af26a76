package com.carrier.hub.runtime.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import com.carrier.hub.api.Msisdn;

/**
 * {@code %m} of every log line with mobile numbers masked ({@link Msisdn#maskAll}): the hub's own messages mask
 * MSISDNs already, but a library's do not — PostgreSQL's {@code Key (campaign_id, msisdn)=(…)} reaches the log
 * through Spring, Hikari and Camel's error handler. Installed by {@code logback-spring.xml}.
 */
public class MaskedMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Msisdn.maskAll(super.convert(event));
    }
}

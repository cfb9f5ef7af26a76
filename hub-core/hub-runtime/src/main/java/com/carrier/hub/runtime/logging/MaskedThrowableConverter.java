package com.carrier.hub.runtime.logging;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

import ch.qos.logback.classic.spi.ILoggingEvent;

import com.carrier.hub.api.Msisdn;

/**
 * Spring Boot's {@code %wEx} (a stack trace with its packaging data, set off by blank lines) with mobile numbers in
 * the exceptions' messages masked, as {@link MaskedMessageConverter} masks the message. Installed by
 * {@code logback-spring.xml}.
 */
public class MaskedThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Msisdn.maskAll(super.convert(event));
    }
}

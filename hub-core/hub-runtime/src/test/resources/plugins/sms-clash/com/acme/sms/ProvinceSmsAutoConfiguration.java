package com.acme.sms;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Registers {@link ProvinceSmsTouchpoint}. */
@AutoConfiguration
public class ProvinceSmsAutoConfiguration {

    @Bean
    public ProvinceSmsTouchpoint provinceSmsTouchpoint() {
        return new ProvinceSmsTouchpoint();
    }
}

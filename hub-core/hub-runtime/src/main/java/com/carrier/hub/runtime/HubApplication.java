package com.carrier.hub.runtime;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The marketing integration hub. Start it with {@code ./hub} (sandbox) or {@code ./hub --profile prod --config DIR}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class HubApplication {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(HubApplication.class);
        app.addInitializers(OrderlyStop::install);
        app.run(args);
    }
}

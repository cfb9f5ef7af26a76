package com.carrier.hub.runtime.touchpoints.files;

import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.batchfile.BatchFileEngine;

/** The step routes use to take file-based touchpoints' result files into the response store. */
@Configuration(proxyBeanMethods = false)
public class TouchpointResultsConfiguration {

    @Bean
    public TouchpointResultsIngest touchpointResultsIngest(TouchpointResultsProperties results, SftpPeersProperties peers,
                                                           BatchFileEngine engine, JdbcTemplate jdbc, ResponseEventSink sink,
                                                           @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims) {
        return new TouchpointResultsIngest(results, peers, engine, jdbc, sink, claims);
    }
}

package com.carrier.hub.runtime.touchpoints.files;

import java.util.List;

import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.runtime.peers.SftpPeerConnector;

/** The step routes use to take file-based touchpoints' result files into the response store. */
@Configuration(proxyBeanMethods = false)
public class TouchpointResultsConfiguration {

    @Bean
    public TouchpointResultsIngest touchpointResultsIngest(TouchpointResultsProperties results, List<SftpPeerConnector> peers,
                                                           BatchFileEngine engine, JdbcTemplate jdbc, ResponseEventSink sink,
                                                           @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims) {
        return new TouchpointResultsIngest(results, peers, engine, jdbc, sink, claims);
    }
}

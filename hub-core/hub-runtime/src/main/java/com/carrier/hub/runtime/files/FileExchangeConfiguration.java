package com.carrier.hub.runtime.files;

import org.apache.camel.spi.IdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.batchfile.BatchFileEngine;

import io.micrometer.core.instrument.MeterRegistry;

/** The batch-file engine on the hub's database: its ledger, its engine and the SFTP consumers' shared file claims. */
@Configuration(proxyBeanMethods = false)
public class FileExchangeConfiguration {

    @Bean
    public JdbcFileLedger hubFileLedger(JdbcTemplate jdbc, MeterRegistry meters, FilesProperties files) {
        return new JdbcFileLedger(jdbc, meters, files.getRejectsKept());
    }

    @Bean
    public BatchFileEngine hubBatchFileEngine(JdbcFileLedger ledger) {
        return new BatchFileEngine(ledger);
    }

    /** Replaces the connectors' in-memory claims (same bean name) so instances share them and restarts keep them. */
    @Bean(name = "hubFileIdempotentRepository")
    public IdempotentRepository hubFileIdempotentRepository(JdbcTemplate jdbc,
                                                            FilesProperties files) {
        return new JdbcFileClaims(jdbc, files.getClaimLease());
    }
}

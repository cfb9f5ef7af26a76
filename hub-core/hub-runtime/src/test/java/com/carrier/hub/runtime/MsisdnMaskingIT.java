package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A PostgreSQL duplicate-key error carries the MSISDN in its detail ({@code Key (campaign_id, msisdn)=(…)}): wherever
 * it goes — a route's error handler, the dead-letter store and its API, a log line with its stack trace — the number
 * shows masked.
 */
@ExtendWith(OutputCaptureExtension.class)
class MsisdnMaskingIT extends HubIT {

    private static final String MSISDN = "13812345678";

    @Autowired
    ProducerTemplate producer;
    @Autowired
    TestBeans.Flaky flaky;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    @AfterEach
    void clean() {
        flaky.reset();
        jdbc.update("DELETE FROM dead_letter");
        jdbc.execute("DROP TABLE IF EXISTS masking_probe");
    }

    @Test
    void aDuplicateKeyErrorReachesLogsAndTheDeadLetterApiWithTheMsisdnMasked(CapturedOutput output) {
        DuplicateKeyException duplicate = duplicateKeyFromPostgres();
        assertThat(duplicate).hasStackTraceContaining("Key (campaign_id, msisdn)=(7, " + MSISDN + ")");

        flaky.failure = duplicate;
        producer.sendBodyAndHeader("direct:orders", "order M-1", "orderId", "M-1");
        LoggerFactory.getLogger(MsisdnMaskingIT.class).error("insert into masking_probe failed: {}", duplicate.getMessage(),
                duplicate);

        String letters = as("viewer").getForObject("/api/dead-letters", String.class);
        assertThat(letters).contains("Key (campaign_id, msisdn)=(7, 138****5678)").doesNotContain(MSISDN);
        assertThat(output.getAll())
                .contains("exchange dead-lettered", "insert into masking_probe failed", "Key (campaign_id, msisdn)=(7, 138****5678)")
                .doesNotContain(MSISDN);
    }

    private DuplicateKeyException duplicateKeyFromPostgres() {
        jdbc.execute("CREATE TABLE masking_probe (campaign_id int, msisdn text, PRIMARY KEY (campaign_id, msisdn))");
        jdbc.update("INSERT INTO masking_probe VALUES (7, ?)", MSISDN);
        DuplicateKeyException[] caught = new DuplicateKeyException[1];
        assertThatThrownBy(() -> jdbc.update("INSERT INTO masking_probe VALUES (7, ?)", MSISDN))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e -> caught[0] = e);
        return caught[0];
    }
}

package com.carrier.hub.runtime.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.simulators.EmbeddedDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The file ledger and the shared file claims on a real PostgreSQL, with the V11 migration as shipped. */
class FileLedgerAndClaimsIT {

    JdbcTemplate jdbc;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void database() throws Exception {
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("files");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
        try (InputStream in = getClass().getResourceAsStream("/db/migration/V11__file_exchange.sql")) {
            jdbc.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aClaimIsTakenByOneInstanceOnlyAndKeptOnceConfirmed() {
        JdbcFileClaims a = new JdbcFileClaims(jdbc, Duration.ofMinutes(10));
        JdbcFileClaims b = new JdbcFileClaims(jdbc, Duration.ofMinutes(10));

        assertThat(a.add("CUST_DELTA_20261122_0001.dat-100-1")).isTrue();
        assertThat(b.add("CUST_DELTA_20261122_0001.dat-100-1")).as("second instance").isFalse();
        assertThat(b.contains("CUST_DELTA_20261122_0001.dat-100-1")).isTrue();
        assertThat(a.confirm("CUST_DELTA_20261122_0001.dat-100-1")).isTrue();

        JdbcFileClaims afterRestart = new JdbcFileClaims(jdbc, Duration.ZERO);
        assertThat(afterRestart.add("CUST_DELTA_20261122_0001.dat-100-1")).as("confirmed claims never lapse").isFalse();
        assertThat(afterRestart.contains("CUST_DELTA_20261122_0001.dat-100-1")).isTrue();
    }

    @Test
    void anUnconfirmedClaimLapsesAfterItsLeaseAndARemovedOneIsFree() {
        JdbcFileClaims noLease = new JdbcFileClaims(jdbc, Duration.ZERO);
        assertThat(noLease.add("k1")).isTrue();
        assertThat(noLease.add("k1")).as("an unconfirmed claim past its lease is taken again").isTrue();

        JdbcFileClaims claims = new JdbcFileClaims(jdbc, Duration.ofMinutes(10));
        assertThat(claims.add("k2")).isTrue();
        assertThat(claims.remove("k2")).isTrue();
        assertThat(claims.contains("k2")).isFalse();
        assertThat(claims.add("k2")).isTrue();
    }

    @Test
    void theLedgerKnowsWhatWasProcessedAndFiltersByFeedDayAndOutcome() {
        JdbcFileLedger ledger = new JdbcFileLedger(jdbc, meters);
        Instant nov22 = Instant.parse("2026-11-22T02:00:00Z");   // 10:00 in Shanghai
        Instant nov21Late = Instant.parse("2026-11-21T17:00:00Z"); // 01:00 on the 22nd in Shanghai
        ledger.record(result("customer-delta", "CUST_DELTA_20261122_0001.dat", Outcome.FAILED, null, null, nov22));
        ledger.record(result("customer-delta", "CUST_DELTA_20261122_0001.dat", Outcome.ACCEPTED, null, "aaa", nov22));
        ledger.record(result("customer-delta", "CUST_DELTA_20261122_0001.dat", Outcome.QUARANTINED, "NAME_CONFLICT", "bbb", nov22));
        ledger.record(result("order", "ORDER_20261122_0001.dat", Outcome.QUARANTINED, "COUNT_MISMATCH", "ccc", nov21Late));
        ledger.record(result("order", "ORDER_20261120_0001.dat", Outcome.ACCEPTED, null, "ddd", Instant.parse("2026-11-20T02:00:00Z")));

        assertThat(ledger.processedMd5("customer-delta", "CUST_DELTA_20261122_0001.dat")).contains("aaa");
        assertThat(ledger.processedMd5("order", "ORDER_20261122_0001.dat")).contains("ccc");
        assertThat(ledger.processedMd5("order", "ORDER_20261123_0001.dat")).isEmpty();

        assertThat(ledger.count(null, null, null)).isEqualTo(5);
        assertThat(ledger.count("order", null, null)).isEqualTo(2);
        assertThat(ledger.count(null, LocalDate.of(2026, 11, 22), null)).as("days are Shanghai days").isEqualTo(4);
        assertThat(ledger.find(null, LocalDate.of(2026, 11, 22), Outcome.QUARANTINED, 0, 10))
                .extracting(FileResult::reason).containsExactlyInAnyOrder("NAME_CONFLICT", "COUNT_MISMATCH");
        assertThat(ledger.find("customer-delta", null, null, 0, 1)).singleElement()
                .extracting(FileResult::outcome).as("newest first").isEqualTo(Outcome.QUARANTINED);
        assertThat(meters.get("hub.files").tag("feed", "order").tag("outcome", "QUARANTINED").counter().count()).isEqualTo(1);
        assertThat(meters.get("hub.files.rows").tag("feed", "customer-delta").tag("kind", "read").counter().count()).isEqualTo(30);
    }

    static FileResult result(String feed, String name, Outcome outcome, String reason, String md5, Instant at) {
        return new FileResult(feed, name, outcome, reason, null, 10, 9, 1, 1000, md5, at.minusSeconds(1), at);
    }
}

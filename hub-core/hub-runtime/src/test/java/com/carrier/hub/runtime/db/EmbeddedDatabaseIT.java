package com.carrier.hub.runtime.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.carrier.hub.simulators.EmbeddedDatabase;

/**
 * The embedded PostgreSQL runs with the settings the README states — localhost only, durable — and hands every test
 * context a database of its own.
 */
class EmbeddedDatabaseIT {

    @Test
    void serverListensOnLocalhostOnlyAndIsDurable() {
        JdbcTemplate jdbc = jdbc(EmbeddedDatabase.create("settings"));
        assertThat(Map.of(
                "listen_addresses", jdbc.queryForObject("SHOW listen_addresses", String.class),
                "fsync", jdbc.queryForObject("SHOW fsync", String.class),
                "synchronous_commit", jdbc.queryForObject("SHOW synchronous_commit", String.class),
                "full_page_writes", jdbc.queryForObject("SHOW full_page_writes", String.class)))
                .isEqualTo(EmbeddedDatabase.SERVER_CONFIG);
    }

    @Test
    void everyCallerGetsAnEmptyDatabaseOfItsOwn() {
        JdbcTemplate first = jdbc(EmbeddedDatabase.create("fresh"));
        first.execute("CREATE TABLE campaign_probe (id text)");
        JdbcTemplate second = jdbc(EmbeddedDatabase.create("fresh"));
        assertThat(second.queryForObject("SELECT count(*) FROM pg_tables WHERE tablename = 'campaign_probe'", Long.class))
                .isZero();
    }

    private static JdbcTemplate jdbc(EmbeddedDatabase.Database db) {
        return new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
    }
}

package com.carrier.hub.runtime.files;

import java.time.Duration;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SFTP consumers' file claims in the hub's database ({@code file_claim}), shared by every hub instance: a claim
 * is taken atomically when a file is listed (a second instance cannot take it), confirmed when the exchange completes
 * (the file is then never taken again, also after a restart), released when the engine leaves the file for a retry,
 * and an unconfirmed claim lapses after the lease (a download that broke, an instance that died mid-file).
 */
public class JdbcFileClaims extends ServiceSupport implements IdempotentRepository {

    private final JdbcTemplate jdbc;
    private final Duration lease;

    public JdbcFileClaims(JdbcTemplate jdbc, Duration lease) {
        this.jdbc = jdbc;
        this.lease = lease;
    }

    @Override
    public boolean add(String key) {
        return jdbc.update("""
                INSERT INTO file_claim (claim_key) VALUES (?)
                ON CONFLICT (claim_key) DO UPDATE SET claimed_at = now(), confirmed = false
                 WHERE NOT file_claim.confirmed AND file_claim.claimed_at < now() - make_interval(secs => ?)""",
                key, (double) lease.toSeconds()) == 1;
    }

    @Override
    public boolean contains(String key) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM file_claim WHERE claim_key = ?
                                 AND (confirmed OR claimed_at >= now() - make_interval(secs => ?)))""",
                Boolean.class, key, (double) lease.toSeconds()));
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM file_claim WHERE claim_key = ?", key) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return jdbc.update("UPDATE file_claim SET confirmed = true WHERE claim_key = ?", key) == 1;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM file_claim");
    }
}

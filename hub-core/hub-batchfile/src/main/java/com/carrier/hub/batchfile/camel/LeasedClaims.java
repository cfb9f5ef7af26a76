package com.carrier.hub.batchfile.camel;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The file claims of the source Kamelets' consumers, in memory, with a lease: camel-ftp claims a file eagerly when it
 * lists it and confirms the claim when the exchange completes; a claim that is never confirmed (the download broke
 * before an exchange existed, or the hub died mid-file) lapses after the lease, so the file is taken again instead of
 * being skipped forever. The hub runtime keeps the same rules in its database so that instances share them.
 */
public class LeasedClaims extends ServiceSupport implements IdempotentRepository {

    private record Claim(boolean confirmed, long at) {
    }

    private final Map<String, Claim> claims = new ConcurrentHashMap<>();
    private final Duration lease;
    private final Clock clock;

    public LeasedClaims(Duration lease) {
        this(lease, Clock.systemUTC());
    }

    public LeasedClaims(Duration lease, Clock clock) {
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        long now = clock.millis();
        boolean[] taken = {false};
        claims.compute(key, (k, c) -> {
            if (c == null || !c.confirmed() && now - c.at() >= lease.toMillis()) {
                taken[0] = true;
                return new Claim(false, now);
            }
            return c;
        });
        return taken[0];
    }

    @Override
    public boolean contains(String key) {
        Claim c = claims.get(key);
        return c != null && (c.confirmed() || clock.millis() - c.at() < lease.toMillis());
    }

    @Override
    public boolean remove(String key) {
        return claims.remove(key) != null;
    }

    @Override
    public boolean confirm(String key) {
        return claims.computeIfPresent(key, (k, c) -> new Claim(true, c.at())) != null;
    }

    @Override
    public void clear() {
        claims.clear();
    }
}

package com.carrier.hub.api;

import java.time.ZoneId;

/**
 * The hub's one time zone: every timestamp and date exchanged with peers (PEERS.md, "Conventions"), every "today" of a
 * capacity, feed or file name, and quiet hours are read in Asia/Shanghai, whatever the machine's own zone.
 */
public final class HubTime {

    /** Asia/Shanghai. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private HubTime() {
    }
}

package com.carrier.hub.runtime.campaign;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;

import com.carrier.hub.api.HubTime;

/**
 * When SMS may go out: outside the campaign's quiet hours (default 21:00–08:00), in Asia/Shanghai. A window may wrap
 * midnight; start == end means no quiet hours.
 */
public final class QuietHoursClock {

    private QuietHoursClock() {
    }

    public static boolean isQuiet(Instant at, CampaignDefinition.QuietHours quiet) {
        if (quiet == null || quiet.start().equals(quiet.end())) {
            return false;
        }
        LocalTime t = at.atZone(HubTime.ZONE).toLocalTime();
        return quiet.start().isBefore(quiet.end())
                ? !t.isBefore(quiet.start()) && t.isBefore(quiet.end())
                : !t.isBefore(quiet.start()) || t.isBefore(quiet.end());
    }

    /** {@code at} itself when SMS may go out then, else the end of the quiet window it falls in. */
    public static Instant nextAllowed(Instant at, CampaignDefinition.QuietHours quiet) {
        if (!isQuiet(at, quiet)) {
            return at;
        }
        ZonedDateTime z = at.atZone(HubTime.ZONE);
        ZonedDateTime end = z.with(quiet.end());
        if (!end.isAfter(z)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }
}

package com.carrier.hub.runtime.campaign;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;

/**
 * The contact policy's rules for one customer (PEERS §7.2), in their order, as plain Java over the customer's facts:
 * what {@link ContactPolicy} applies to every row of a list, to the customers a touchpoint refused and to the customers
 * of a triggered campaign's events alike.
 */
final class PolicyRules {

    /**
     * The touchpoints the policy's own rules of PEERS §7.2 name: the SMS frequency cap (step 6) and the MM store's
     * handset-suited apps (step 7).
     */
    static final String SMS = "SMS";
    static final String MM = "MM";

    private PolicyRules() {
    }

    /** The facts of one customer that the policy needs. */
    record Facts(String msisdn, boolean blacklisted, Set<String> optouts, Set<String> greyAllowed, boolean known,
                 int status, int customerClass, String handset, boolean holds, boolean groupConflict, boolean smsCapped,
                 boolean recentSimilar) {
    }

    /** A decision: an exclusion code, or a channel and group. */
    record Outcome(String exclusion, String channel, boolean control, List<String> apps) {
        static Outcome excluded(String code) {
            return new Outcome(code, null, false, null);
        }
    }

    static Outcome decide(Facts f, CampaignDefinition d, Set<String> campaignChannels, AppCatalog.Matcher apps,
                           GlobalHoldout.Group holdout, ChannelPreferences preferences) {
        if (f.blacklisted) {
            return Outcome.excluded("BLACKLIST");
        }
        Set<String> blocked = new HashSet<>();
        blocked.addAll(f.optouts);
        if (blocked.containsAll(campaignChannels)) {
            return Outcome.excluded("CHANNEL_OPTOUT");
        }
        if (!f.known) {
            return Outcome.excluded("UNKNOWN_CUSTOMER");
        }
        if (f.status != 1) {
            return Outcome.excluded("INACTIVE");
        }
        if (f.holds) {
            return Outcome.excluded("HOLDS_PRODUCT");
        }
        if (f.groupConflict) {
            return Outcome.excluded("EXCLUSIVE_CONFLICT");
        }
        if (f.greyAllowed != null) {
            for (String c : campaignChannels) {
                if (!f.greyAllowed.contains(c)) {
                    blocked.add(c);
                }
            }
            if (blocked.containsAll(campaignChannels)) {
                return Outcome.excluded("GREYLIST");
            }
        }
        if (f.smsCapped) {
            blocked.add(SMS);
            if (blocked.containsAll(campaignChannels)) {
                return Outcome.excluded("FREQUENCY_CAP");
            }
        }
        if (f.recentSimilar) {
            return Outcome.excluded("RECENT_SIMILAR");
        }
        List<String> suitable = null;
        boolean mmUnsuitable = false;
        if (campaignChannels.contains(MM) && !blocked.contains(MM)) {
            suitable = apps == null ? List.of() : apps.suitable(f.handset);
            if (suitable.isEmpty()) {
                blocked.add(MM);
                mmUnsuitable = true;
            }
        }
        String channel = preferences.choose(f.customerClass, campaignChannels, blocked);
        if (channel == null) {
            return Outcome.excluded(mmUnsuitable ? "NO_SUITABLE_APP" : "NO_CHANNEL");
        }
        // the global control group, after every rule of §7.2 and before the campaign's own: no campaign contacts it
        if (holdout != null && holdout.contains(f.msisdn)) {
            return Outcome.excluded(GlobalHoldout.CODE);
        }
        return new Outcome(null, channel, ControlGroup.isControl(d.id(), f.msisdn, d.controlPercent()),
                MM.equals(channel) ? suitable : null);
    }

    /** A row of the facts query ({@link PolicyQueries#FACTS}). */
    static Facts facts(ResultSet rs, CampaignDefinition.Rules rules) throws SQLException {
        Array grey = rs.getArray(5);
        return new Facts(rs.getString(1), rs.getBoolean(3), channels(rs.getArray(4)), grey == null ? null : channels(grey),
                rs.getBoolean(6), rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getBoolean(10), rs.getBoolean(11),
                capped(rs.getLong(12), rs.getLong(13), rules), rs.getBoolean(14));
    }

    /** Frequency caps (§7.2 step 6): the customer's SMS today or this week, across campaigns, at the campaign's cap. */
    static boolean capped(long smsToday, long smsWeek, CampaignDefinition.Rules rules) {
        return smsToday >= rules.maxSmsPerDay() || smsWeek >= rules.maxSmsPerWeek();
    }

    static Set<String> channels(Array array) throws SQLException {
        Set<String> out = new HashSet<>();
        if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }
}

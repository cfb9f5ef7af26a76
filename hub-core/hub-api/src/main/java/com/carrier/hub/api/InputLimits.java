package com.carrier.hub.api;

/**
 * The longest text the hub takes from a user or a peer, declared once for the admin API and the peer callbacks. The
 * database columns are TEXT, so these limits are the only bound: a longer value is refused with a 400 naming the field,
 * never stored. Ids stay short enough for file names (PEERS §2.1 {@code TGT_<campaignId>_<yyyyMMdd>_<seq>.dat}); free
 * text stays well inside what an SMS, a portal banner or a warehouse feed field can carry.
 */
public final class InputLimits {

    /** Ids the hub or a peer names things by: campaign, list, group, product, event, offer key, app id. */
    public static final int ID = 128;

    /** Names and titles: a campaign's or a group's name, a portal title. */
    public static final int NAME = 200;

    /** Reasons and descriptions: a blacklist or greylist reason, a group's description. */
    public static final int REASON = 500;

    /**
     * Long free text: a template's text, body or URL (a long SMS is a few hundred characters), a case's comment or
     * self-assessment.
     */
    public static final int TEXT = 4000;

    private InputLimits() {
    }

    /**
     * What is wrong with a text value, or null when it is fine: longer than {@code max} characters, or holding U+0000
     * (PostgreSQL cannot store it in TEXT, and no peer sends it on purpose).
     */
    public static String problem(String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            return "must be at most " + max + " characters, got " + value.length();
        }
        if (value.indexOf('\u0000') >= 0) {
            return "must not contain U+0000 (NUL)";
        }
        return null;
    }
}

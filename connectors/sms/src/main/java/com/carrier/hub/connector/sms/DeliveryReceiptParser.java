package com.carrier.hub.connector.sms;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.carrier.hub.api.HubTime;

/**
 * Reads the standard receipt text of PEERS §5.3:
 * {@code id:<id> sub:001 dlvrd:001 submit date:<yyMMddHHmm> done date:<yyMMddHHmm> stat:<STAT> err:<nnn> text:…}.
 * Field names are matched case-insensitively; dates may carry seconds ({@code yyMMddHHmmss}); {@code text:} may be
 * missing.
 */
public final class DeliveryReceiptParser {

    private static final Pattern RECEIPT = Pattern.compile(
            "id:(?<id>\\S+)\\s+sub:(?<sub>\\d+)\\s+dlvrd:(?<dlvrd>\\d+)\\s+submit date:(?<submit>\\d{10,12})"
                    + "\\s+done date:(?<done>\\d{10,12})\\s+stat:(?<stat>[A-Za-z_]+)\\s+err:(?<err>\\w+)(?:\\s+text:.*)?\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    // built once: DateTimeFormatter.ofPattern per receipt was a tenth of a receipt's cost
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyMMddHHmm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyMMddHHmmss");

    /** Final states a receipt may report. */
    public enum Stat { DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED, UNKNOWN, ACCEPTD, ENROUTE }

    /** One parsed receipt; {@code doneDate} is the SMSC's done date, read in Asia/Shanghai. */
    public record Receipt(String id, Stat stat, String err, Instant doneDate) {

        public boolean delivered() {
            return stat == Stat.DELIVRD;
        }
    }

    private DeliveryReceiptParser() {
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the text (the {@code text:} field, which may quote
     *                                  the customer's message, is never repeated)
     */
    public static Receipt parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("receipt text is empty");
        }
        Matcher m = RECEIPT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("receipt text '" + shown(text)
                    + "' is not 'id:… sub:… dlvrd:… submit date:yyMMddHHmm done date:yyMMddHHmm stat:… err:…'");
        }
        Stat stat;
        try {
            stat = Stat.valueOf(m.group("stat").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("receipt text '" + shown(text) + "' has unknown stat '" + m.group("stat")
                    + "' (expected DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED or UNKNOWN)");
        }
        return new Receipt(m.group("id"), stat, m.group("err"), date(m.group("done"), text));
    }

    /** The text as an error message may quote it: without the {@code text:} field, at most 160 characters. */
    private static String shown(String text) {
        String shown = text;
        int t = shown.toLowerCase(Locale.ROOT).indexOf("text:");
        if (t >= 0) {
            shown = shown.substring(0, t) + "text:…";
        }
        if (shown.length() > 160) {
            shown = shown.substring(0, 160) + "…";
        }
        return shown;
    }

    private static Instant date(String value, String text) {
        try {
            return LocalDateTime.parse(value, value.length() == 12 ? SECONDS : MINUTES).atZone(HubTime.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("receipt text '" + shown(text) + "' has an impossible done date '" + value
                    + "'");
        }
    }
}

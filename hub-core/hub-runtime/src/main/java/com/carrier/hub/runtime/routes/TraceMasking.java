package com.carrier.hub.runtime.routes;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.support.processor.DefaultMaskingFormatter;
import org.apache.camel.util.SensitiveUtils;
import org.apache.camel.util.URISupport;

import com.carrier.hub.api.Msisdn;

/**
 * What a route trace may show of a traced message: mobile numbers masked ({@link Msisdn#maskAll}) in every text,
 * headers whose names say they hold a secret shown as {@value #HIDDEN}, secret values inside a text
 * ({@code password=…}, {@code "token": "…"}, {@code <secret>…</secret>}, a URI's {@code user:password@}) hidden with
 * Camel's own masking, and text cut to a length without leaving the start of a number in clear.
 */
final class TraceMasking {

    /** What a hidden value is shown as. */
    static final String HIDDEN = "****";

    /**
     * Parts of a header name that mark a secret, compared with the name in lower case without {@code -} and
     * {@code _}: {@code X-Api-Token}, {@code Authorization}, {@code hub_callback_secret}. Camel's own list of sensitive
     * keys ({@link SensitiveUtils}) is checked besides.
     */
    private static final String[] SECRET_NAME_PARTS = {"secret", "password", "passwd", "passphrase", "token",
        "authorization", "credential", "apikey", "privatekey", "signature", "cookie"};

    /** Camel's masking of {@code key=value}, XML elements and JSON fields named by its sensitive keys. */
    private static final DefaultMaskingFormatter SECRET_VALUES = secretValues();

    /** The clip note Camel appends to a body cut at its maximum length. */
    private static final Pattern CLIPPED = Pattern.compile("\\.\\.\\. \\[Body clipped after \\d+ chars, total length is (\\d+)]$");

    /** Digits (and a {@code +}) left at the end of a text that was cut: possibly the start of a mobile number. */
    private static final Pattern TRAILING_DIGITS = Pattern.compile("[+0-9]+$");

    private TraceMasking() {
    }

    private static DefaultMaskingFormatter secretValues() {
        Set<String> keys = new TreeSet<>(SensitiveUtils.getSensitiveKeys());
        keys.addAll(List.of(SECRET_NAME_PARTS));
        DefaultMaskingFormatter formatter = new DefaultMaskingFormatter(keys, true, true, true);
        formatter.setMaskString(HIDDEN);
        return formatter;
    }

    /** True when a header of this name may hold a secret, so that its value is never shown. */
    static boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        String plain = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (String part : SECRET_NAME_PARTS) {
            if (plain.contains(part)) {
                return true;
            }
        }
        return SensitiveUtils.containsSensitive(name);
    }

    /** A text as a trace may show it: secrets inside it hidden, mobile numbers masked. */
    static String text(String value) {
        if (value == null) {
            return null;
        }
        String hidden = SECRET_VALUES.format(value);
        if (hidden.contains("://")) {
            hidden = URISupport.sanitizeUri(hidden);
        }
        return Msisdn.maskAll(hidden);
    }

    /** A header's value as a trace may show it: {@value #HIDDEN} for a secret header, else as {@link #cut}. */
    static Cut header(String name, String value, int maxChars) {
        if (isSecretName(name)) {
            return new Cut(HIDDEN, false, null);
        }
        return cut(value, maxChars);
    }

    /**
     * A body text (as Camel's tracer captured it, perhaps already clipped with its note) or a header value, cut to
     * {@code maxChars}: digits left at the cut are dropped, since they may be the start of a mobile number that
     * {@link Msisdn#maskAll} no longer recognises; then masked as {@link #text}.
     */
    static Cut cut(String value, int maxChars) {
        if (value == null) {
            return new Cut(null, false, null);
        }
        String kept = value;
        Integer length = null;
        Matcher clipped = CLIPPED.matcher(kept);
        if (clipped.find()) {
            length = Integer.valueOf(clipped.group(1));
            kept = kept.substring(0, clipped.start());
        }
        if (kept.length() > maxChars) {
            length = length == null ? kept.length() : length;
            kept = kept.substring(0, maxChars);
        }
        if (length != null) {
            kept = TRAILING_DIGITS.matcher(kept).replaceFirst("");
        }
        return new Cut(text(kept), length != null, length);
    }

    /**
     * A text as shown.
     *
     * @param text      the shown text, masked
     * @param truncated whether it was cut
     * @param length    the full length before the cut, when cut
     */
    record Cut(String text, boolean truncated, Integer length) {
    }
}

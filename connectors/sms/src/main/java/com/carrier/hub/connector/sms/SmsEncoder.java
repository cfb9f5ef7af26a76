package com.carrier.hub.connector.sms;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a text as PEERS §5.2 says: GSM 7-bit ({@code data_coding 0}, one septet per octet as SMPP carries it) when
 * every character is in the GSM default alphabet or its extension table, else UCS-2 ({@code data_coding 8}). Text
 * longer than one message (160 septets / 70 UCS-2 units) is split into parts of 153 septets / 67 units, each
 * preceded by a concatenation UDH ({@code 05 00 03 ref total seq}) sharing one reference. An extension character
 * (two septets) and a surrogate pair (an emoji) are never split between two parts.
 */
public final class SmsEncoder {

    /** data_coding of GSM 7-bit (the SMSC default alphabet). */
    public static final byte GSM7 = 0x00;
    /** data_coding of UCS-2. */
    public static final byte UCS2 = 0x08;

    private static final String GSM_BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXT_CHARS = "\f^{}\\[~]|€";
    private static final byte[] GSM_EXT_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};

    /** The encoded parts of one text. */
    public record Encoded(byte dataCoding, List<byte[]> parts, boolean concatenated) {
        public int partCount() {
            return parts.size();
        }
    }

    private SmsEncoder() {
    }

    /** True when every character of the text has a GSM 7-bit code. */
    public static boolean fitsGsm7(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u001b' || (GSM_BASIC.indexOf(c) < 0 && GSM_EXT_CHARS.indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many parts the text needs, without encoding it or splitting it into strings: the same split as
     * {@link #encode}, counted (the dispatcher asks it of every contact's text).
     */
    public static int countParts(String text) {
        if (fitsGsm7(text)) {
            int septets = 0;
            for (int i = 0; i < text.length(); i++) {
                septets += GSM_EXT_CHARS.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
            }
            if (septets <= 160) {
                return 1;
            }
            int parts = 1;
            int inPart = 0;
            for (int i = 0; i < text.length(); i++) {
                int w = GSM_EXT_CHARS.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
                if (inPart + w > 153) {
                    parts++;
                    inPart = 0;
                }
                inPart += w;
            }
            return parts;
        }
        if (text.length() <= 70) {
            return 1;
        }
        int parts = 0;
        for (int start = 0; start < text.length(); parts++) {
            start = ucs2ChunkEnd(text, start);
        }
        return parts;
    }

    /**
     * Encodes and splits the text.
     *
     * @param reference the concatenation reference (0-255) shared by the parts of a long text
     */
    public static Encoded encode(String text, int reference) {
        if (fitsGsm7(text)) {
            byte[] all = gsm7(text);
            if (all.length <= 160) {
                return new Encoded(GSM7, List.of(all), false);
            }
            return withUdh(GSM7, gsmChunks(text).stream().map(SmsEncoder::gsm7).toList(), reference);
        }
        if (text.length() <= 70) {
            return new Encoded(UCS2, List.of(text.getBytes(StandardCharsets.UTF_16BE)), false);
        }
        return withUdh(UCS2, ucs2Chunks(text).stream().map(s -> s.getBytes(StandardCharsets.UTF_16BE)).toList(),
                reference);
    }

    /** Decodes an SMS body (no UDH) in the given data_coding; unknown codings are read as ISO-8859-1. */
    public static String decode(byte dataCoding, byte[] body) {
        int dc = dataCoding & 0xFF;
        if ((dc & 0xC0) == 0 && (dc & 0x0C) == 0x08) { // general data coding group, alphabet UCS-2
            return new String(body, StandardCharsets.UTF_16BE);
        }
        if (dc == 0x00) {
            return decodeGsm7(body);
        }
        return new String(body, StandardCharsets.ISO_8859_1);
    }

    /** True when the data_coding is one {@link #decode} knows (GSM default, IA5/ASCII, Latin-1, UCS-2). */
    public static boolean knownDataCoding(byte dataCoding) {
        int dc = dataCoding & 0xFF;
        return dc == 0x00 || dc == 0x01 || dc == 0x03 || dc == 0x08;
    }

    private static String decodeGsm7(byte[] body) {
        StringBuilder out = new StringBuilder(body.length);
        for (int i = 0; i < body.length; i++) {
            int b = body[i] & 0x7F;
            if (b == 0x1B && i + 1 < body.length) {
                int next = body[++i] & 0x7F;
                char ext = ' ';
                for (int k = 0; k < GSM_EXT_CODES.length; k++) {
                    if (GSM_EXT_CODES[k] == next) {
                        ext = GSM_EXT_CHARS.charAt(k);
                    }
                }
                out.append(ext);
            } else {
                out.append(GSM_BASIC.charAt(b));
            }
        }
        return out.toString();
    }

    private static byte[] gsm7(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int ext = GSM_EXT_CHARS.indexOf(c);
            if (ext >= 0) {
                out.write(0x1B);
                out.write(GSM_EXT_CODES[ext]);
            } else {
                out.write(GSM_BASIC.indexOf(c));
            }
        }
        return out.toByteArray();
    }

    /** Chunks of at most 153 septets; an extension character's two septets stay together. */
    private static List<String> gsmChunks(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            int w = GSM_EXT_CHARS.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
            if (septets + w > 153) {
                chunks.add(text.substring(start, i));
                start = i;
                septets = 0;
            }
            septets += w;
        }
        chunks.add(text.substring(start));
        return chunks;
    }

    /** Chunks of at most 67 UTF-16 units; a surrogate pair stays together. */
    private static List<String> ucs2Chunks(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = ucs2ChunkEnd(text, start);
            chunks.add(text.substring(start, end));
            start = end;
        }
        return chunks;
    }

    /** Where the UCS-2 part starting at {@code start} ends: 67 units on, one less not to split a surrogate pair. */
    private static int ucs2ChunkEnd(String text, int start) {
        int end = Math.min(start + 67, text.length());
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))
                && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return end;
    }

    private static Encoded withUdh(byte dataCoding, List<byte[]> bodies, int reference) {
        List<byte[]> parts = new ArrayList<>(bodies.size());
        int total = bodies.size();
        for (int i = 0; i < total; i++) {
            byte[] body = bodies.get(i);
            byte[] part = new byte[6 + body.length];
            part[0] = 0x05;
            part[1] = 0x00;
            part[2] = 0x03;
            part[3] = (byte) reference;
            part[4] = (byte) total;
            part[5] = (byte) (i + 1);
            System.arraycopy(body, 0, part, 6, body.length);
            parts.add(part);
        }
        return new Encoded(dataCoding, parts, true);
    }
}

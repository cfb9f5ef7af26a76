package com.carrier.hub.batchfile;

import java.nio.charset.Charset;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The one-line control file {@code NAME.chk} that says a data file is complete (PEERS.md common rules):
 * {@code NAME.dat|<record count>|<byte size>|<md5 lower-case hex>|<yyyyMMddHHmmss generated>}.
 */
public record ControlFile(String dataFileName, long recordCount, long byteSize, String md5, String generated) {

    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    /** The control file's name for a data file: {@code X.dat} becomes {@code X.chk}. */
    public static String nameFor(String dataFileName) {
        int dot = dataFileName.lastIndexOf('.');
        return (dot > 0 ? dataFileName.substring(0, dot) : dataFileName) + ".chk";
    }

    /**
     * Parses a control file's content.
     *
     * @param where the control file's name, for the error message
     * @throws BatchFileException with code {@code CONTROL_INVALID} saying what is wrong
     */
    public static ControlFile parse(byte[] content, Charset charset, String where) {
        String text = new String(content, charset).strip();
        String[] parts = text.split("\\|", -1);
        if (parts.length != 5) {
            throw invalid(where, "expected 5 fields NAME.dat|count|size|md5|generated, found " + parts.length);
        }
        long count;
        long size;
        try {
            count = Long.parseLong(parts[1]);
            size = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw invalid(where, "record count '" + parts[1] + "' and byte size '" + parts[2] + "' must be whole numbers");
        }
        if (count < 0 || size < 0) {
            throw invalid(where, "record count and byte size must not be negative");
        }
        if (!MD5.matcher(parts[3]).matches()) {
            throw invalid(where, "md5 '" + parts[3] + "' is not 32 lower-case hex digits");
        }
        try {
            LocalDateTime.parse(parts[4], TS);
        } catch (DateTimeParseException e) {
            throw invalid(where, "generated '" + parts[4] + "' is not yyyyMMddHHmmss");
        }
        return new ControlFile(parts[0], count, size, parts[3], parts[4]);
    }

    /** The control file's content, one line ending in {@code \n}. */
    public String format() {
        return dataFileName + "|" + recordCount + "|" + byteSize + "|" + md5 + "|" + generated + "\n";
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static BatchFileException invalid(String where, String what) {
        return new BatchFileException("CONTROL_INVALID", "control file " + where + ": " + what);
    }
}

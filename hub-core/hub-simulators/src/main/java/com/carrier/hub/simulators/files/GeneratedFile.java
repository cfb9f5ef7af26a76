package com.carrier.hub.simulators.files;

import java.nio.file.Path;

/**
 * A data file written by a generator with its control file beside it.
 *
 * @param data        the {@code NAME.dat} file
 * @param control     the {@code NAME.chk} file (null when the generator was told to leave it out)
 * @param rows        lines written
 * @param badRows     lines written deliberately invalid
 * @param bytes       size of the data file
 * @param md5         MD5 of the data file, lower-case hex
 */
public record GeneratedFile(Path data, Path control, long rows, long badRows, long bytes, String md5) {

    /** The control file's line for this data file (what the generator wrote, or would have). */
    public String controlLine(String generated) {
        return data.getFileName() + "|" + rows + "|" + bytes + "|" + md5 + "|" + generated + "\n";
    }
}

package com.carrier.hub.simulators.files;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Small hand-written feed files (any feed, any lines) with a correct control file, for tests and the sandbox. */
public final class FeedFiles {

    private FeedFiles() {
    }

    /** Writes the lines, each ending in {@code \n}, to {@code dir/fileName} in {@code charset}, then its control file. */
    public static GeneratedFile write(Path dir, String fileName, Charset charset, List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return writeBytes(dir, fileName, text.toString().getBytes(charset), lines.size(), charset);
    }

    /** Writes exact bytes as the data file and a control file claiming {@code rows} rows. */
    public static GeneratedFile writeBytes(Path dir, String fileName, byte[] data, long rows, Charset charset) throws IOException {
        Files.createDirectories(dir);
        Path dat = dir.resolve(fileName);
        Files.write(dat, data);
        String md5 = md5(data);
        GeneratedFile file = new GeneratedFile(dat, null, rows, 0, data.length, md5);
        Path chk = dir.resolve(controlName(fileName));
        Files.writeString(chk, file.controlLine("20261122235959"), charset);
        return new GeneratedFile(dat, chk, rows, 0, data.length, md5);
    }

    /** {@code X.dat} → {@code X.chk}. */
    public static String controlName(String dataFileName) {
        int dot = dataFileName.lastIndexOf('.');
        return (dot > 0 ? dataFileName.substring(0, dot) : dataFileName) + ".chk";
    }

    public static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package com.carrier.hub.runtime.files;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Names of the feed files the hub writes: {@code <PREFIX>_<yyyyMMdd>_<seq4>.dat}, the sequence kept per feed and day. */
@Component
public class FeedFileNames {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final JdbcTemplate jdbc;

    public FeedFileNames(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The next file name of the feed for the day; two hub instances never get the same one. */
    public String next(String prefix, LocalDate day) {
        Integer seq = jdbc.queryForObject("""
                INSERT INTO feed_file_sequence (feed, day, seq) VALUES (?, ?, 1)
                ON CONFLICT (feed, day) DO UPDATE SET seq = feed_file_sequence.seq + 1 RETURNING seq""",
                Integer.class, prefix, day);
        if (seq == null || seq > 9999) {
            throw new IllegalStateException(prefix + ": more than 9999 files on " + day);
        }
        return prefix + "_" + DAY.format(day) + "_" + String.format("%04d", seq) + ".dat";
    }
}

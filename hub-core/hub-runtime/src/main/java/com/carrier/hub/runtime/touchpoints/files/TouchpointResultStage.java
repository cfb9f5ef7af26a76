package com.carrier.hub.runtime.touchpoints.files;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.batchfile.FileStage;

/**
 * Stages one result file of a file-based touchpoint for the response store: a row must answer a task the hub issued
 * (its key {@code campaignId:msisdn} a contact of that campaign made through this touchpoint, else
 * {@code UNKNOWN_TASK}: a control-group customer was never issued one) for the same customer ({@code MSISDN_MISMATCH});
 * each valid row becomes one {@link ResponseEvent} of the touchpoint's channel, whose type is what the declaration says
 * its result code means. The file's events are appended in one call, so the file is published as one unit; the event
 * id is {@code key|code|time}, so the same result again (in this file or a later one) is stored once.
 */
final class TouchpointResultStage implements FileStage {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /**
     * Issued means made through the touchpoint: the contact's channel is this one and it was handed over (SENT, or
     * its outcome unknown after a crash); a pending, excluded or control contact has no task.
     */
    private static final String ISSUED = """
            SELECT count(*) FROM campaign_contact
             WHERE campaign_id = ? AND msisdn = ? AND channel = ? AND status IN ('SENT', 'OUTCOME_UNKNOWN')""";

    private final String touchpoint;
    private final String source;
    private final Map<String, ResponseEvent.Type> codes;
    private final int key;
    private final int msisdn;
    private final int code;
    private final int time;
    private final int[] details;
    private final String[] detailNames;
    private final JdbcTemplate jdbc;
    private final ResponseEventSink sink;
    private final List<ResponseEvent> events = new ArrayList<>();

    TouchpointResultStage(String touchpoint, TouchpointResultsProperties.ResultFeed feed, JdbcTemplate jdbc,
                          ResponseEventSink sink) {
        this.touchpoint = touchpoint;
        this.source = feed.getSource();
        this.codes = feed.codes();
        this.key = feed.index(feed.getKeyField());
        this.msisdn = feed.getMsisdnField() == null || feed.getMsisdnField().isBlank() ? -1 : feed.index(feed.getMsisdnField());
        this.code = feed.index(feed.getCodeField());
        this.time = feed.index(feed.getTimeField());
        this.detailNames = feed.getDetailFields().toArray(String[]::new);
        this.details = feed.getDetailFields().stream().mapToInt(feed::index).toArray();
        this.jdbc = jdbc;
        this.sink = sink;
    }

    @Override
    public String check(long lineNumber, String[] fields) {
        String[] task = task(fields[key]);
        if (task == null) {
            return "UNKNOWN_TASK";
        }
        if (msisdn >= 0 && !task[1].equals(fields[msisdn])) {
            return "MSISDN_MISMATCH";
        }
        Integer n = jdbc.queryForObject(ISSUED, Integer.class, task[0], task[1], touchpoint);
        return n != null && n > 0 ? null : "UNKNOWN_TASK";
    }

    @Override
    public void accept(long lineNumber, String[] fields) {
        String[] task = task(fields[key]);
        String result = fields[code];
        StringBuilder detail = new StringBuilder(result);
        for (int i = 0; i < details.length; i++) {
            String v = fields[details[i]];
            if (v != null && !v.isEmpty()) {
                detail.append(' ').append(detailNames[i]).append('=').append(v);
            }
        }
        events.add(new ResponseEvent(source, fields[key] + "|" + result + "|" + fields[time], touchpoint, codes.get(result),
                task[1], task[0], fields[key],
                LocalDateTime.parse(fields[time], TIMESTAMP).atZone(HubTime.ZONE).toInstant(), detail.toString()));
    }

    @Override
    public void publish() {
        sink.append(events);
        events.clear();
    }

    @Override
    public void discard() {
        events.clear();
    }

    /** {@code campaignId:msisdn} split at its last colon, or null when it is not one. */
    private static String[] task(String key) {
        int colon = key == null ? -1 : key.lastIndexOf(':');
        if (colon <= 0 || colon == key.length() - 1) {
            return null;
        }
        return new String[] {key.substring(0, colon), key.substring(colon + 1)};
    }
}

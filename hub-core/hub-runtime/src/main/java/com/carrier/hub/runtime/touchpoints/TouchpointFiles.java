package com.carrier.hub.runtime.touchpoints;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.FeedFileWriter;
import com.carrier.hub.batchfile.FieldRule;
import com.carrier.hub.batchfile.FieldType;
import com.carrier.hub.runtime.files.FeedFileNames;

/**
 * The generic steps of a file-based touchpoint's route (bean {@code touchpointFiles}): {@link #write} turns the slice
 * into a batch file pair in the layout its declaration gives ({@code hub.touchpoints.declared.<ID>.file}), and
 * {@link #answer} answers every contact that went into the file SENT once the route has uploaded it. The file's
 * sequence is kept per name and day in the database, so restarts and several instances never reuse one.
 */
@Component("touchpointFiles")
public class TouchpointFiles {

    /** Exchange property: the slice being written, for {@link #answer}. */
    static final String SLICE = "HubTouchpointSlice";
    /** Exchange property: the contacts whose row could not be written, with why, for {@link #answer}. */
    static final String REFUSED_ROWS = "HubTouchpointRefusedRows";

    private static final Logger LOG = LoggerFactory.getLogger(TouchpointFiles.class);
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(HubTime.ZONE);

    private final DeclaredTouchpointsProperties properties;
    private final FeedFileNames names;
    private final Map<String, CompiledFeed> feeds = new ConcurrentHashMap<>();

    public TouchpointFiles(DeclaredTouchpointsProperties properties, FeedFileNames names) {
        this.properties = properties;
        this.names = names;
    }

    /**
     * Writes the slice in the exchange's body as one data file and its control file (written last) in the touchpoint's
     * local folder and returns the data file, or null when no contact could be written. A contact whose row cannot be
     * written (a value with the delimiter or a line end, a character the charset lacks) is left out and answered FAILED.
     */
    public File write(Exchange exchange) throws IOException, InvalidPayloadException {
        TouchpointSlice slice = exchange.getMessage().getMandatoryBody(TouchpointSlice.class);
        String id = exchange.getMessage().getHeader(TouchpointSlice.HEADER, String.class);
        DeclaredTouchpointsProperties.Declared declared = id == null ? null : properties.get(id);
        if (declared == null || declared.getFile() == null) {
            throw new IllegalStateException("touchpointFiles: touchpoint " + id + " declares no file layout"
                    + " (hub.touchpoints.declared." + id + ".file)");
        }
        DeclaredTouchpointsProperties.FileLayout layout = declared.getFile();
        CompiledFeed feed = feeds.computeIfAbsent(id, k -> feed(k, layout));
        Path dir = Path.of(layout.getDir()).resolve(id);
        Files.createDirectories(dir);
        String name = names.next(fill(layout.getName(), slice, null, ""), LocalDate.now(HubTime.ZONE));
        Map<String, String> refused = new LinkedHashMap<>();
        exchange.setProperty(SLICE, slice);
        exchange.setProperty(REFUSED_ROWS, refused);
        try (FeedFileWriter out = FeedFileWriter.open(feed, dir, name)) {
            String[] values = new String[layout.getColumns().size()];
            for (TouchpointContact c : slice.contacts()) {
                for (int i = 0; i < values.length; i++) {
                    DeclaredTouchpointsProperties.Column col = layout.getColumns().get(i);
                    values[i] = fill(col.getValue(), slice, c, col.getFallback());
                }
                try {
                    out.row(values);
                } catch (IllegalArgumentException e) {
                    // the writer checks a row whole before writing any of it: the file stays consistent
                    refused.put(c.msisdn(), "BAD_VALUE");
                    LOG.warn("touchpoint {}: {} left out of {}: {}", id, Msisdn.mask(c.msisdn()), name, e.getMessage());
                }
            }
            if (out.rows() == 0) {
                return null;
            }
            out.finish();
        }
        LOG.info("touchpoint {}: {} with {} contacts of campaign {} written", id, name, slice.contacts().size() - refused.size(),
                slice.campaignId());
        return dir.resolve(name).toFile();
    }

    /** Every contact of the slice {@link #write} wrote: SENT (the route has delivered the file); the others FAILED. */
    @SuppressWarnings("unchecked")
    public List<ContactResult> answer(Exchange exchange) {
        TouchpointSlice slice = exchange.getProperty(SLICE, TouchpointSlice.class);
        if (slice == null) {
            throw new IllegalStateException("touchpointFiles: answer without a slice written by touchpointFiles.write first");
        }
        Map<String, String> refused = exchange.getProperty(REFUSED_ROWS, Map.class);
        List<ContactResult> results = new ArrayList<>(slice.contacts().size());
        for (TouchpointContact c : slice.contacts()) {
            String reason = refused == null ? null : refused.get(c.msisdn());
            results.add(reason == null ? ContactResult.sent(c.msisdn()) : ContactResult.failed(c.msisdn(), reason));
        }
        return results;
    }

    private static CompiledFeed feed(String id, DeclaredTouchpointsProperties.FileLayout layout) {
        List<FieldRule> fields = layout.getColumns().stream().map(c -> FieldRule.of(c.getName(), FieldType.TEXT)).toList();
        FeedDefinition d = new FeedDefinition(id.toLowerCase() + "-out", ".*\\.dat", fields);
        d.setCharset(layout.getCharset());
        d.setDelimiter(layout.getDelimiter());
        return d.compile();
    }

    /** The text with its placeholders filled from the slice and the contact; the fallback when that leaves it empty. */
    static String fill(String text, TouchpointSlice slice, TouchpointContact contact, String fallback) {
        Matcher m = DeclaredTouchpointsProperties.FileLayout.PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String p = m.group(1);
            String v = switch (p) {
                case "campaignId" -> slice.campaignId();
                case "productId" -> slice.productId();
                case "validUntil" -> slice.validUntil() == null ? null : TS.format(slice.validUntil());
                case "msisdn" -> contact == null ? null : contact.msisdn();
                default -> contact == null ? null : p.startsWith("fields.") ? contact.fields().get(p.substring(7))
                        : p.startsWith("vars.") ? contact.vars().get(p.substring(5)) : null;
            };
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        return out.isEmpty() ? fallback : out.toString();
    }
}

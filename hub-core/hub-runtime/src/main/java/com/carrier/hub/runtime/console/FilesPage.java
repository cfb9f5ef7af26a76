package com.carrier.hub.runtime.console;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.runtime.files.JdbcFileLedger;

/**
 * Files ({@code /console/files}): the reconciliation ledger — every batch file with its outcome, rows read = valid +
 * rejected, rows published, bytes, time taken, and for a quarantined (or failed, waiting, duplicate) file its reason
 * code and detail — newest first, filtered by day (Asia/Shanghai), feed and outcome as {@code GET /api/files} is. A
 * filter that is not valid, or a parameter the page does not take, is refused naming it, never ignored.
 */
@Controller
public class FilesPage {

    /** The page's path. */
    static final String PATH = "/console/files";
    /** Files a page lists. */
    static final int PAGE_SIZE = 50;
    /** The longest feed name a filter takes. */
    static final int MAX_FEED = 64;
    private static final Set<String> PARAMETERS = Set.of("date", "feed", "outcome", "page", ConsoleLocale.PARAMETER);

    /** A file record as the page shows it: reason and detail with mobile numbers masked. */
    public record FileRow(String feed, String fileName, Outcome outcome, String reason, String detail, long rowsRead,
                          long rowsValid, long rowsPublished, long rowsRejected, long bytes, String finishedAt,
                          long durationMs) {
        static FileRow of(FileResult r) {
            return new FileRow(r.feed(), r.fileName(), r.outcome(), Msisdn.maskAll(r.reason()),
                    Msisdn.maskAll(r.detail()), r.rowsRead(), r.rowsAccepted(), r.rowsPublished(), r.rowsRejected(),
                    r.bytes(), RoutesPage.TIME.format(r.finishedAt()), r.durationMs());
        }
    }

    /** The filters as given (for the form and the paging links). */
    public record Filters(String date, String feed, String outcome) {
    }

    private final JdbcFileLedger ledger;

    public FilesPage(JdbcFileLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping(PATH)
    public String list(HttpServletRequest request, Model model) {
        List<String> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(request.getParameterMap().keySet());
        unknown.removeAll(PARAMETERS);
        unknown.forEach(name -> problems.add(name + ": not a filter of this page (date, feed, outcome, page)"));
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 1) {
                problems.add(name + ": given " + values.length + " times; give it once");
            }
        });
        String dateText = blankToNull(request.getParameter("date"));
        String feed = blankToNull(request.getParameter("feed"));
        String outcomeText = blankToNull(request.getParameter("outcome"));
        String pageText = blankToNull(request.getParameter("page"));
        LocalDate date = null;
        if (dateText != null) {
            try {
                date = LocalDate.parse(dateText);
            } catch (DateTimeParseException e) {
                problems.add("date: not a day as yyyy-MM-dd: '" + shorten(dateText) + "'");
            }
        }
        if (feed != null && (feed.length() > MAX_FEED || feed.chars().anyMatch(Character::isISOControl))) {
            problems.add("feed: at most " + MAX_FEED + " characters, no control characters");
        }
        Outcome outcome = null;
        if (outcomeText != null) {
            try {
                outcome = Outcome.valueOf(outcomeText);
            } catch (IllegalArgumentException e) {
                problems.add("outcome: one of " + Arrays.toString(Outcome.values()) + ", was '" + shorten(outcomeText) + "'");
            }
        }
        int page = 0;
        if (pageText != null) {
            try {
                page = Integer.parseInt(pageText);
            } catch (NumberFormatException e) {
                page = -1;
            }
            if (page < 0 || page > 100_000) {
                problems.add("page: a whole number from 0 to 100000, was '" + shorten(pageText) + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, String.join("; ", problems));
        }
        long total = ledger.count(feed, date, outcome);
        model.addAttribute("files", ledger.find(feed, date, outcome, page, PAGE_SIZE).stream().map(FileRow::of).toList());
        model.addAttribute("total", total);
        model.addAttribute("page", page);
        model.addAttribute("hasNext", (long) (page + 1) * PAGE_SIZE < total);
        model.addAttribute("filters", new Filters(dateText, feed, outcomeText));
        model.addAttribute("outcomes", Outcome.values());
        return "console/files";
    }

    /**
     * A file's rejected rows ({@code /console/files/rejects?feed=&file=}): the first ones the hub keeps
     * ({@code hub.files.rejects-kept}) of the newest record of the file with rejects, counted by reason and listed by
     * line, mobile numbers masked.
     */
    @GetMapping(PATH + "/rejects")
    public String rejects(HttpServletRequest request, Model model) {
        ConsoleForms.onlyParameters(request, Set.of("feed", "file"));
        String feed = blankToNull(request.getParameter("feed"));
        String file = blankToNull(request.getParameter("file"));
        List<String> problems = new ArrayList<>();
        if (feed == null || feed.length() > MAX_FEED || feed.chars().anyMatch(Character::isISOControl)) {
            problems.add("feed: a feed name, at most " + MAX_FEED + " characters, no control characters");
        }
        if (file == null || file.length() > 255 || file.chars().anyMatch(Character::isISOControl)) {
            problems.add("file: a file name, at most 255 characters, no control characters");
        }
        if (!problems.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, String.join("; ", problems));
        }
        JdbcFileLedger.FileRejects found = ledger.rejects(feed, file).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "no file " + shorten(file) + " of feed " + shorten(feed) + " with rejected rows"));
        Map<String, Long> byReason = new TreeMap<>();
        found.rows().forEach(r -> byReason.merge(r.reason(), 1L, Long::sum));
        model.addAttribute("file", FileRow.of(found.file()));
        model.addAttribute("rows", found.rows());
        model.addAttribute("byReason", byReason);
        return "console/file-rejects";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String shorten(String value) {
        String masked = Msisdn.maskAll(value);
        return masked.length() > 40 ? masked.substring(0, 40) + "…" : masked;
    }
}

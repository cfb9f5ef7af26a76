package com.carrier.hub.runtime.files;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.Outcome;

import io.swagger.v3.oas.annotations.Operation;

/** The reconciliation record of every batch file (rows read = valid + rejected, bytes, timings, outcome, reason). */
@RestController
@RequestMapping("/api/files")
@Validated
public class FilesController {

    /** One page of file records, newest first. */
    public record Page(int page, int size, long total, List<Item> items) {
    }

    /**
     * A file record as the API shows it: rows read = valid + rejected; rows accepted are the valid rows the file
     * published, so a quarantined file accepted none.
     */
    public record Item(String feed, String fileName, Outcome outcome, String reason, String detail, long rowsRead,
                       long rowsValid, long rowsAccepted, long rowsRejected, long bytes, String md5, String startedAt,
                       String finishedAt, long durationMs) {
        static Item of(FileResult r) {
            return new Item(r.feed(), r.fileName(), r.outcome(), r.reason(), r.detail(), r.rowsRead(), r.rowsAccepted(),
                    r.rowsPublished(), r.rowsRejected(), r.bytes(), r.md5(), r.startedAt().atZone(HubTime.ZONE).toOffsetDateTime().toString(),
                    r.finishedAt().atZone(HubTime.ZONE).toOffsetDateTime().toString(), r.durationMs());
        }
    }

    private final JdbcFileLedger ledger;

    public FilesController(JdbcFileLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping
    @Operation(summary = "Batch files and their reconciliation, newest first; filter by feed, day (yyyy-MM-dd, Asia/Shanghai) and outcome")
    public Page list(@RequestParam(required = false) String feed,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                     @RequestParam(required = false) Outcome outcome,
                     @RequestParam(defaultValue = "0") @Min(0) int page,
                     @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return new Page(page, size, ledger.count(feed, date, outcome),
                ledger.find(feed, date, outcome, page, size).stream().map(Item::of).toList());
    }
}

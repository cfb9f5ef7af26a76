package com.carrier.hub.runtime.ledger;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/ledger}: what the response ledger holds — rows by outcome (UNMATCHED, LATE, EARLY, FUTURE,
 * OTHER_PRODUCT are kept and counted here), events not correlated yet, skipped ids still looked for, and BOSS order
 * requests by status.
 */
@RestController
public class LedgerController {

    private final LedgerSummary ledger;

    public LedgerController(LedgerSummary ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/ledger")
    public Map<String, Object> summary() {
        return ledger.summary();
    }
}

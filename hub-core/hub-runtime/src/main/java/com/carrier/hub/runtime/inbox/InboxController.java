package com.carrier.hub.runtime.inbox;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/** What the inbox keeps: upstream messages of types no flow of the hub handles, counted by type (VIEWER). */
@RestController
public class InboxController {

    private final InboxStore inbox;

    public InboxController(InboxStore inbox) {
        this.inbox = inbox;
    }

    /** The messages kept, by type. */
    public record Kept(Map<String, Long> byType) {
    }

    @Operation(summary = "Upstream messages of types no flow handles, kept in the inbox, counted by type")
    @GetMapping("/api/inbox")
    public Kept kept() {
        return new Kept(inbox.countByType());
    }
}

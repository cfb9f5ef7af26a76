package com.carrier.hub.runtime.deadletter;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.swagger.v3.oas.annotations.Operation;

/** Browse, replay and delete dead letters. Replay and delete need OPERATOR. */
@RestController
@RequestMapping("/api/dead-letters")
@Validated
public class DeadLettersController {

    /** One page of dead letters, newest first. */
    public record Page(int page, int size, long total, List<DeadLetter> items) {
    }

    private final DeadLetterStore store;
    private final DeadLetterActions actions;

    public DeadLettersController(DeadLetterStore store, DeadLetterActions actions) {
        this.store = store;
        this.actions = actions;
    }

    @GetMapping
    @Operation(summary = "Dead letters, newest first, paged")
    public Page list(@RequestParam(defaultValue = "0") @Min(0) int page,
                     @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        return new Page(page, size, store.count(), store.page(page, size));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One dead letter with its original message")
    public DeadLetter get(@PathVariable long id) {
        return store.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter " + id));
    }

    @PostMapping("/{id}/replay")
    @Operation(summary = "Send the original message through its route again; removed when it succeeds")
    public ResponseEntity<DeadLetterReplayer.Result> replay(@PathVariable long id) {
        DeadLetterReplayer.Result result = actions.replay(id);
        HttpStatus status = switch (result.outcome()) {
            case REPLAYED -> HttpStatus.OK;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ROUTE_NOT_RUNNING, FAILED_AGAIN -> HttpStatus.CONFLICT;
        };
        return ResponseEntity.status(status).body(result);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a dead letter for good")
    public ResponseEntity<Void> delete(@PathVariable long id) {
        if (!actions.delete(id)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no dead letter " + id);
        }
        return ResponseEntity.noContent().build();
    }
}

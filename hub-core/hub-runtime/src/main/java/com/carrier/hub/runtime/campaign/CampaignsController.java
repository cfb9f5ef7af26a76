package com.carrier.hub.runtime.campaign;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.Operation;

/** Campaign definitions and their lifecycle (PEERS.md §7). Writes need OPERATOR. */
@RestController
@RequestMapping("/api/campaigns")
public class CampaignsController {

    private final CampaignService service;

    public CampaignsController(CampaignService service) {
        this.service = service;
    }

    @PostMapping
    @Operation(summary = "Create a campaign (DRAFT); 400 names each invalid field, 409 when the id exists")
    public ResponseEntity<Campaign> create(@RequestBody CampaignDefinition definition, Principal who) {
        Campaign created = service.create(definition, who.getName());
        return ResponseEntity.created(URI.create("/api/campaigns/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(summary = "Campaigns, newest start first, optionally of one status")
    public List<Campaign> list(@RequestParam(required = false) CampaignStatus status) {
        return service.list(status);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One campaign")
    public Campaign get(@PathVariable String id) {
        return service.get(id);
    }

    @PatchMapping(path = "/{id}", consumes = {"application/json", "application/merge-patch+json"})
    @Operation(summary = "Change fields (JSON merge patch); a RUNNING or PAUSED campaign may change only name, end and targets")
    public Campaign patch(@PathVariable String id, @RequestBody JsonNode patch, Principal who) {
        return service.patch(id, patch, who.getName());
    }

    @PostMapping("/{id}/{action}")
    @Operation(summary = "Lifecycle action: schedule, start, pause, resume, complete, cancel (409 when not allowed from the current status)")
    public Campaign act(@PathVariable String id, @PathVariable String action, Principal who) {
        return service.act(id, action, who.getName());
    }
}

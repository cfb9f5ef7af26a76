package com.carrier.hub.runtime.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/** Lists the simulated peers of the sandbox so a person can drop a file or bind by hand. Sandbox profile only. */
@RestController
@RequestMapping("/api/sandbox")
@Profile("sandbox")
public class SandboxController {

    private final SandboxPeers peers;

    public SandboxController(SandboxPeers peers) {
        this.peers = peers;
    }

    @GetMapping("/peers")
    @Operation(summary = "Simulated peers with their addresses and (simulator-only) credentials")
    public List<Map<String, Object>> peers() {
        return peers.simulators().stream().map(s -> {
            Map<String, Object> peer = new LinkedHashMap<>();
            peer.put("connector", s.connectorId());
            peer.put("name", s.name());
            peer.put("running", s.isRunning());
            if (s.isRunning()) {
                peer.putAll(s.describe());
            }
            return peer;
        }).toList();
    }
}

package com.carrier.hub.runtime.connectors;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.swagger.v3.oas.annotations.Operation;

/** The connectors the hub has, their health and configuration (secrets masked), and config validation. */
@RestController
@RequestMapping("/api/connectors")
public class ConnectorsController {

    /** A connector as the admin API shows it. */
    public record ConnectorView(String id, String description, ConnectorHealth health, List<String> endpoints,
                                JsonNode configuration) {
    }

    /** The answer of a validation: nothing is applied. */
    public record ValidationResult(String connector, boolean valid, int errorCount, List<FieldError> errors) {
    }

    private final ConnectorRegistry registry;
    private final ConnectorConfigValidator validator;
    private final ObjectMapper json;

    public ConnectorsController(ConnectorRegistry registry, ConnectorConfigValidator validator, ObjectMapper json) {
        this.registry = registry;
        this.validator = validator;
        this.json = json;
    }

    @GetMapping
    @Operation(summary = "Every connector with its health (probed now) and configuration, secrets masked")
    public List<ConnectorView> list() {
        return registry.all().parallelStream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One connector")
    public ConnectorView get(@PathVariable String id) {
        return view(connector(id));
    }

    @PostMapping("/{id}/validate")
    @Operation(summary = "Validate a candidate configuration into per-property errors; nothing is applied")
    public ValidationResult validate(@PathVariable String id, @RequestBody Map<String, Object> candidate) {
        Connector connector = connector(id);
        List<FieldError> errors = validator.validate(connector, candidate);
        return new ValidationResult(id, errors.isEmpty(), errors.size(), errors);
    }

    private ConnectorView view(Connector c) {
        return new ConnectorView(c.id(), c.description(), registry.health(c), c.endpoints(), json.valueToTree(c.properties()));
    }

    private Connector connector(String id) {
        return registry.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no connector '" + id + "'; known: " + registry.all().stream().map(Connector::id).toList()));
    }
}

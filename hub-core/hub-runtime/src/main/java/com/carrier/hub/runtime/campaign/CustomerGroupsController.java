package com.carrier.hub.runtime.campaign;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.web.InvalidRequest;

import io.swagger.v3.oas.annotations.Operation;

/**
 * Saved customer groups, a target selection planners reuse: a group is made from a list of MSISDNs or from a
 * structured query over the customer index, and used with {@code POST /api/campaigns/{id}/targets:group?groupId=}.
 */
@RestController
@RequestMapping("/api/customer-groups")
public class CustomerGroupsController {

    /** A group to save: its members are the msisdns given, or what the query selects now. */
    public record GroupRequest(String id, String name, String description, List<String> msisdns, CustomerQuery query) {
    }

    private final CustomerGroups groups;
    private final AuditTrail audit;

    public CustomerGroupsController(CustomerGroups groups, AuditTrail audit) {
        this.groups = groups;
        this.audit = audit;
    }

    @PostMapping
    @Operation(summary = "Save a customer group from msisdns or a structured query (OPERATOR)")
    public ResponseEntity<Map<String, Object>> create(@RequestBody GroupRequest group, Principal who) {
        List<FieldError> errors = new ArrayList<>();
        if (group.id() == null || !group.id().matches("[A-Za-z0-9-]{1,32}")) {
            errors.add(new FieldError("id", "must be 1-32 letters, digits or '-'"));
        }
        if (group.name() == null || group.name().isBlank()) {
            errors.add(new FieldError("name", "is required"));
        } else if (InputLimits.problem(group.name(), InputLimits.NAME) != null) {
            errors.add(new FieldError("name", InputLimits.problem(group.name(), InputLimits.NAME)));
        }
        if (InputLimits.problem(group.description(), InputLimits.REASON) != null) {
            errors.add(new FieldError("description", InputLimits.problem(group.description(), InputLimits.REASON)));
        }
        if ((group.msisdns() == null) == (group.query() == null)) {
            errors.add(new FieldError("msisdns", "give either msisdns or query"));
        }
        if (group.msisdns() != null) {
            for (int i = 0; i < group.msisdns().size(); i++) {
                if (!Msisdn.isValid(group.msisdns().get(i))) {
                    errors.add(new FieldError("msisdns[" + i + "]", "not an MSISDN: " + Msisdn.mask(group.msisdns().get(i))));
                }
            }
        }
        if (group.query() != null) {
            group.query().validate().forEach(e -> errors.add(new FieldError("query." + e.property(), e.message())));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("customer group " + group.id() + " is not valid", errors);
        }
        long members = groups.save(group.id(), group.name(), group.description(), who.getName(), group.msisdns(),
                group.query()).orElseThrow(() -> new ResponseStatusException(HttpStatus.CONFLICT,
                        "customer group " + group.id() + " already exists"));
        audit.change(null, Map.of("id", group.id(), "name", group.name(), "members", members,
                "from", group.msisdns() != null ? "msisdns" : "query"));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", group.id(), "members", members));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A saved group and its size")
    public Map<String, Object> get(@PathVariable String id) {
        return groups.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no customer group " + id));
    }
}

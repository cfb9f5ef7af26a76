package com.carrier.hub.runtime.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.web.InvalidRequest;

import io.swagger.v3.oas.annotations.Operation;

/**
 * The organisation units (README "Governance"): {@code GET /api/org-units} lists them (VIEWER), {@code POST
 * /api/org-units} imports a CSV ({@code code,name,parent} a line) or a JSON list ({@code [{"code","name","parent"}]})
 * all or nothing, answering 400 with each wrong line (ADMIN).
 */
@RestController
@RequestMapping("/api/org-units")
public class OrgUnitsController {

    /** One unit of a JSON import. */
    public record UnitRow(String code, String name, String parent) {
    }

    /** What an import did. */
    public record ImportResult(int imported, List<OrgUnits.Unit> units) {
    }

    private final OrgUnits units;
    private final AuditTrail audit;

    public OrgUnitsController(OrgUnits units, AuditTrail audit) {
        this.units = units;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "The organisation units, province first, each with its level")
    public List<OrgUnits.Unit> list() {
        return units.all();
    }

    @PostMapping(consumes = {"text/csv", "text/plain"})
    @AuditAction("org-units.import")
    @Operation(summary = "Import units from CSV lines code,name,parent (parent empty only for the province; a header line"
            + " code,name,parent is skipped); all or nothing, 400 names each wrong line")
    public ImportResult importCsv(@RequestBody String csv) {
        List<OrgUnits.ImportRow> rows = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        String[] lines = csv.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || (i == 0 && line.trim().equalsIgnoreCase("code,name,parent"))) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 2 || f.length > 3) {
                errors.add(new FieldError("line " + (i + 1), "must be code,name,parent (3 fields), got " + f.length));
                continue;
            }
            rows.add(new OrgUnits.ImportRow("line " + (i + 1), f[0].trim(), f[1].trim(), f.length == 3 ? f[2].trim() : null));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the organisation units were not imported: " + errors.size() + " line(s) are wrong", errors);
        }
        return imported(rows);
    }

    @PostMapping(consumes = "application/json")
    @AuditAction("org-units.import")
    @Operation(summary = "Import units from a JSON list [{\"code\",\"name\",\"parent\"}]; all or nothing, 400 names each"
            + " wrong entry")
    public ImportResult importJson(@RequestBody List<UnitRow> list) {
        List<OrgUnits.ImportRow> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            UnitRow u = list.get(i);
            if (u == null) {
                throw new InvalidRequest("the organisation units were not imported",
                        List.of(new FieldError("[" + i + "]", "must be an object {code, name, parent}")));
            }
            rows.add(new OrgUnits.ImportRow("[" + i + "]", u.code(), u.name(), u.parent()));
        }
        return imported(rows);
    }

    private ImportResult imported(List<OrgUnits.ImportRow> rows) {
        if (rows.isEmpty()) {
            throw new InvalidRequest("nothing to import", List.of(new FieldError("(body)", "has no units")));
        }
        units.importUnits(rows);
        ImportResult result = new ImportResult(rows.size(), units.all());
        audit.change(null, Map.of("imported", rows.stream().map(OrgUnits.ImportRow::code).toList()));
        return result;
    }
}

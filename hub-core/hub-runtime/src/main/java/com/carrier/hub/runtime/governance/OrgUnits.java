package com.carrier.hub.runtime.governance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PostConstruct;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.governance.GovernanceProperties.Level;
import com.carrier.hub.runtime.security.HubSecurityProperties;
import com.carrier.hub.runtime.web.InvalidRequest;

/**
 * The organisation units (province → city → county) and which unit a user belongs to. The units of the settings are
 * written to the {@code org_unit} table at start, imported ones are added there; every question reads the table, so
 * every instance of the hub sees an import at once. A campaign owned by a unit is visible to that unit and the units
 * above it ({@link #sees}).
 */
@Repository
public class OrgUnits {

    /** What a unit code may look like. */
    public static final String CODE_PATTERN = "[A-Za-z0-9_-]{1,32}";

    /** One unit with its level (its depth in the tree). */
    public record Unit(String code, String name, String parent, Level level) {
    }

    /** One unit to import, with where it came from ({@code line 3}, {@code [2]}) for the errors. */
    public record ImportRow(String where, String code, String name, String parent) {
    }

    private final JdbcTemplate jdbc;
    private final GovernanceProperties properties;
    private final HubSecurityProperties security;

    public OrgUnits(JdbcTemplate jdbc, GovernanceProperties properties, HubSecurityProperties security) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.security = security;
    }

    /** Writes the units of the settings and checks that the tree has one root and every user's unit exists. */
    @PostConstruct
    public void writeSettings() {
        List<ImportRow> rows = new ArrayList<>();
        for (int i = 0; i < properties.getUnits().size(); i++) {
            GovernanceProperties.Unit u = properties.getUnits().get(i);
            rows.add(new ImportRow("hub.governance.units[" + i + "]", u.getCode(), u.getName(), u.getParent()));
        }
        List<FieldError> errors = write(rows, "settings", true);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("hub.governance.units are not a tree of province, cities and counties: " + errors);
        }
        Map<String, Unit> units = byCode();
        security.getUsers().forEach((name, user) -> {
            if (user.getUnit() != null && !units.containsKey(user.getUnit())) {
                throw new IllegalStateException("hub.security.users." + name + ".unit is " + user.getUnit()
                        + ", which is no organisation unit; units: " + units.keySet());
            }
        });
    }

    /** Every unit, each after the unit above it. */
    public List<Unit> all() {
        Map<String, Unit> units = byCode();
        List<Unit> ordered = new ArrayList<>();
        for (Level level : Level.values()) {
            units.values().stream().filter(u -> u.level() == level).forEach(ordered::add);
        }
        return ordered;
    }

    /** The root unit (the province), which owns the campaigns created before units and by the hub itself. */
    public String root() {
        return byCode().values().stream().filter(u -> u.parent() == null).map(Unit::code).findFirst()
                .orElseThrow(() -> new IllegalStateException("no root organisation unit"));
    }

    /** The unit of a signed-in user; the root for a user without one and for the hub's own actors (files, sandbox). */
    public String unitOf(String actor) {
        HubSecurityProperties.User user = actor == null ? null : security.getUsers().get(actor);
        return user == null || user.getUnit() == null ? root() : user.getUnit();
    }

    /** The unit with this code, if any. */
    public Unit unit(String code) {
        return byCode().get(code);
    }

    /** Whether a member of {@code viewer} sees what {@code owner} owns: the same unit or one above it. */
    public boolean sees(String viewer, String owner) {
        return sees(byCode(), viewer, owner == null ? root() : owner);
    }

    /** The units whose campaigns a member of {@code viewer} sees: it and every unit below it. */
    public Set<String> visibleFrom(String viewer) {
        Map<String, Unit> units = byCode();
        Set<String> visible = new HashSet<>();
        for (Unit u : units.values()) {
            if (sees(units, viewer, u.code())) {
                visible.add(u.code());
            }
        }
        return visible;
    }

    /**
     * The unit at {@code level} that {@code code} is in: itself when it is at or above that level, else the unit above
     * it at that level.
     */
    public Unit at(String code, Level level) {
        Map<String, Unit> units = byCode();
        Unit u = units.get(code);
        while (u != null && u.level().ordinal() > level.ordinal()) {
            u = units.get(u.parent());
        }
        return u;
    }

    /**
     * Imports units all or nothing: each line is added, or changed when its code exists. Answers the errors by line
     * (an unknown parent, a bad code, a second root, a tree deeper than county); nothing is written when there is one.
     */
    @Transactional
    public List<FieldError> importUnits(List<ImportRow> rows) {
        List<FieldError> errors = write(rows, "import", false);
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the organisation units were not imported: " + errors.size() + " line(s) are wrong", errors);
        }
        return errors;
    }

    private List<FieldError> write(List<ImportRow> rows, String source, boolean settings) {
        Map<String, Unit> existing = byCode();
        Map<String, String> parents = new HashMap<>();
        existing.values().forEach(u -> parents.put(u.code(), u.parent()));
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String root = existing.values().stream().filter(u -> u.parent() == null).map(Unit::code).findFirst().orElse(null);
        for (ImportRow r : rows) {
            String parent = r.parent() == null || r.parent().isBlank() ? null : r.parent().trim();
            if (r.code() == null || !r.code().matches(CODE_PATTERN)) {
                errors.add(new FieldError(r.where(), "code must be 1–32 letters, digits, '-' or '_', got '" + r.code() + "'"));
                continue;
            }
            if (!seen.add(r.code())) {
                errors.add(new FieldError(r.where(), "unit " + r.code() + " appears twice"));
                continue;
            }
            if (r.name() == null || r.name().isBlank() || r.name().length() > 100) {
                errors.add(new FieldError(r.where(), "unit " + r.code() + ": name must be 1–100 characters"));
            }
            if (parent == null) {
                if (root == null || root.equals(r.code()) || settings) {
                    root = root == null || settings ? r.code() : root;
                } else {
                    errors.add(new FieldError(r.where(), "unit " + r.code() + " has no parent, but " + root
                            + " is the root (the province); name the unit above it"));
                    continue;
                }
            }
            parents.put(r.code(), parent);
        }
        // the parents are checked once every row is known, so an import may list a county before its city
        for (ImportRow r : rows) {
            if (r.code() == null || !parents.containsKey(r.code()) || errors.stream().anyMatch(e -> e.property().equals(r.where()))) {
                continue;
            }
            String parent = parents.get(r.code());
            if (parent != null && !parents.containsKey(parent)) {
                errors.add(new FieldError(r.where(), "unit " + r.code() + ": parent " + parent + " is no organisation unit"
                        + " (neither known nor in this import)"));
                continue;
            }
            int depth = 0;
            String p = parent;
            while (p != null && depth <= Level.values().length) {
                depth++;
                p = parents.get(p);
            }
            if (depth >= Level.values().length) {
                errors.add(new FieldError(r.where(), "unit " + r.code() + " would be " + (depth + 1) + " levels deep (or in a"
                        + " loop); units are province → city → county"));
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        long roots = parents.values().stream().filter(java.util.Objects::isNull).count();
        if (roots != 1) {
            return List.of(new FieldError(rows.isEmpty() ? "(units)" : rows.get(0).where(), "the units have " + roots
                    + " roots; exactly one unit (the province) has no parent"));
        }
        // parents first: the foreign key checks each row as it is written
        List<ImportRow> ordered = new ArrayList<>(rows);
        ordered.sort(java.util.Comparator.comparingInt(r -> depth(parents, r.code())));
        for (ImportRow r : ordered) {
            String parent = parents.get(r.code());
            jdbc.update("""
                    INSERT INTO org_unit (code, name, parent_code, source) VALUES (?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent_code = excluded.parent_code,
                           source = excluded.source, updated_at = now()""", r.code(), r.name().trim(), parent, source);
        }
        return errors;
    }

    private static int depth(Map<String, String> parents, String code) {
        int d = 0;
        for (String p = parents.get(code); p != null; p = parents.get(p)) {
            d++;
        }
        return d;
    }

    private Map<String, Unit> byCode() {
        Map<String, String[]> rows = new LinkedHashMap<>();
        jdbc.query("SELECT code, name, parent_code FROM org_unit ORDER BY code", rs -> {
            rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
        });
        Map<String, String> parents = new HashMap<>();
        rows.forEach((code, r) -> parents.put(code, r[1]));
        Map<String, Unit> units = new LinkedHashMap<>();
        rows.forEach((code, r) -> units.put(code, new Unit(code, r[0], r[1],
                Level.values()[Math.min(depth(parents, code), Level.values().length - 1)])));
        return units;
    }

    private static boolean sees(Map<String, Unit> units, String viewer, String owner) {
        Unit u = units.get(owner);
        while (u != null) {
            if (u.code().equals(viewer)) {
                return true;
            }
            u = u.parent() == null ? null : units.get(u.parent());
        }
        return false;
    }
}

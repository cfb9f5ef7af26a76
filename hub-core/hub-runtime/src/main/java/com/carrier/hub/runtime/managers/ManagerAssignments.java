package com.carrier.hub.runtime.managers;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.web.InvalidRequest;

/**
 * Which account manager serves which customer (PEERS §6 class 1). An import replaces the whole assignment: the file is
 * the CRM's current list, so a customer missing from it has no manager any more. Lines are
 * {@code msisdn|manager_id|manager_name} in the PEERS common style ({@code |}-separated, no header, no quoting, a
 * trailing {@code \r} stripped, empty lines skipped). Every line is checked; one bad line refuses the whole file with
 * each bad line's number and field, and nothing is applied (the old assignment stays).
 */
@Repository
public class ManagerAssignments {

    /** Bad lines named in one answer; the rest are counted. */
    static final int MAX_ERRORS = 100;
    private static final int BATCH = 1000;
    private static final String INSERT = """
            INSERT INTO manager_assignment (msisdn, manager_id, manager_name, imported_by)
            SELECT m, i, n, ? FROM unnest(?::text[], ?::text[], ?::text[]) AS u(m, i, n)
            ON CONFLICT (msisdn) DO NOTHING RETURNING msisdn""";

    /** The manager a customer has. */
    public record Assignment(String managerId, String managerName) {
    }

    /** One manager: how many customers they serve and how many of their work orders are open. */
    public record Manager(String id, String name, long customers, long openWorkOrders) {
    }

    /** What an import applied: lines read (empty ones not counted), customers assigned, distinct managers. */
    public record ImportResult(long lines, long customers, int managers, long replaced) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public ManagerAssignments(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * Replaces the whole assignment with the file's lines, in one transaction: valid lines are written as they are read,
     * a thousand at a time (memory stays flat but for the manager names), also after a bad line, so that a customer on
     * two lines is found by the table's key; a bad line rolls the whole transaction back.
     *
     * @throws InvalidRequest naming each bad line and field (at most {@link #MAX_ERRORS}); nothing is applied then
     */
    public ImportResult replaceAll(byte[] file, Charset charset, String importedBy) {
        return tx.execute(status -> { // an exception rolls back the DELETE and every batch
            long replaced = jdbc.update("DELETE FROM manager_assignment");
            List<FieldError> errors = new ArrayList<>();
            long[] badLines = {0};
            Map<String, String> names = new HashMap<>();
            Map<String, Long> nameLines = new HashMap<>();
            List<String[]> batch = new ArrayList<>(BATCH);
            List<Long> batchLines = new ArrayList<>(BATCH);
            long lineNo = 0;
            long lines = 0;
            long customers = 0;
            CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(file), decoder))) {
                String raw;
                while (true) {
                    try {
                        raw = in.readLine();
                    } catch (CharacterCodingException e) {
                        throw new InvalidRequest("the assignment file is not " + charset.name() + " text", List.of(new FieldError(
                                "line " + (lineNo + 1), "is not valid " + charset.name() + "; declare the file's charset in"
                                + " Content-Type (text/plain;charset=GBK)")));
                    }
                    if (raw == null) {
                        break;
                    }
                    lineNo++;
                    String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
                    if (line.isBlank()) {
                        continue;
                    }
                    lines++;
                    List<FieldError> problems = check(lineNo, line, names, nameLines);
                    if (!problems.isEmpty()) {
                        badLines[0]++;
                        addAll(errors, problems);
                        continue;
                    }
                    String[] f = line.split("\\|", -1);
                    batch.add(new String[] {f[0].strip(), f[1].strip(), f[2].strip()});
                    batchLines.add(lineNo);
                    if (batch.size() == BATCH) {
                        customers += write(batch, batchLines, importedBy, errors, badLines);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("the assignment file could not be read from memory", e);
            }
            if (!batch.isEmpty()) {
                customers += write(batch, batchLines, importedBy, errors, badLines);
            }
            if (errors.isEmpty() && lines == 0) {
                errors.add(new FieldError("(body)", "has no assignment lines; a file replaces the whole assignment, so an"
                        + " empty one is refused (expected msisdn|manager_id|manager_name lines)"));
            }
            if (!errors.isEmpty()) {
                if (errors.size() >= MAX_ERRORS) {
                    errors.add(new FieldError("(body)", "the first " + MAX_ERRORS + " problems are listed; the file has "
                            + badLines[0] + " bad line(s) in all"));
                }
                errors.sort(Comparator.comparingLong(ManagerAssignments::lineOf));
                throw new InvalidRequest("the assignment file has " + badLines[0] + " bad line(s); nothing was applied",
                        errors);
            }
            return new ImportResult(lines, customers, names.size(), replaced);
        });
    }

    /** The line a problem names ({@code line 12: msisdn}); the body's own problems last. */
    private static long lineOf(FieldError e) {
        String p = e.property();
        if (!p.startsWith("line ")) {
            return Long.MAX_VALUE;
        }
        int end = p.indexOf(':');
        return Long.parseLong(p.substring(5, end < 0 ? p.length() : end));
    }

    private static void addAll(List<FieldError> errors, List<FieldError> problems) {
        for (FieldError p : problems) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(p);
            }
        }
    }

    /** What is wrong with one line, field by field; empty when it is fine. Records a manager's name on first sight. */
    private static List<FieldError> check(long lineNo, String line, Map<String, String> names, Map<String, Long> nameLines) {
        String where = "line " + lineNo;
        String[] f = line.split("\\|", -1);
        if (f.length != 3) {
            return List.of(new FieldError(where, "has " + f.length + " field(s); expected 3: msisdn|manager_id|manager_name"));
        }
        List<FieldError> out = new ArrayList<>(2);
        String msisdn = f[0].strip();
        String id = f[1].strip();
        String name = f[2].strip();
        if (msisdn.indexOf('\u0000') >= 0) {
            out.add(new FieldError(where + ": msisdn", "must not contain U+0000 (NUL)"));
        } else if (!Msisdn.isValid(msisdn)) {
            out.add(new FieldError(where + ": msisdn", "must be 11 digits starting with 1, got " + Msisdn.mask(msisdn)));
        }
        String idProblem = id.isEmpty() ? "is required" : InputLimits.problem(id, InputLimits.ID);
        if (idProblem != null) {
            out.add(new FieldError(where + ": manager_id", idProblem));
        }
        String nameProblem = name.isEmpty() ? "is required" : InputLimits.problem(name, InputLimits.NAME);
        if (nameProblem != null) {
            out.add(new FieldError(where + ": manager_name", nameProblem));
        }
        if (idProblem == null && nameProblem == null) {
            String known = names.putIfAbsent(id, name);
            if (known == null) {
                nameLines.put(id, lineNo);
            } else if (!known.equals(name)) {
                out.add(new FieldError(where + ": manager_name", "manager " + id + " is named '" + known + "' on line "
                        + nameLines.get(id) + " and '" + name + "' here; a manager has one name"));
            }
        }
        return out;
    }

    /** Writes a batch; a customer already assigned (on an earlier line) is a bad line. Returns the rows written. */
    private int write(List<String[]> batch, List<Long> batchLines, String importedBy, List<FieldError> errors,
                      long[] badLines) {
        Set<String> written = new HashSet<>(jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(INSERT);
            ps.setString(1, importedBy);
            ps.setArray(2, column(con, batch, 0));
            ps.setArray(3, column(con, batch, 1));
            ps.setArray(4, column(con, batch, 2));
            return ps;
        }, (rs, i) -> rs.getString(1)));
        int n = written.size();
        for (int i = 0; i < batch.size(); i++) {
            // the first line of a customer in this batch took the row; any other line of it is a duplicate
            if (!written.remove(batch.get(i)[0])) {
                badLines[0]++;
                addAll(errors, List.of(new FieldError("line " + batchLines.get(i) + ": msisdn",
                        "the customer " + Msisdn.mask(batch.get(i)[0]) + " is already assigned on an earlier line")));
            }
        }
        batch.clear();
        batchLines.clear();
        return n;
    }

    private static Array column(java.sql.Connection con, List<String[]> rows, int field) throws java.sql.SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rows.get(i)[field];
        }
        return con.createArrayOf("text", values);
    }

    /** The managers of these customers; a customer without one is absent. */
    public Map<String, Assignment> of(List<String> msisdns) {
        Map<String, Assignment> out = new HashMap<>();
        if (msisdns.isEmpty()) {
            return out;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(
                    "SELECT msisdn, manager_id, manager_name FROM manager_assignment WHERE msisdn = ANY (?)");
            ps.setArray(1, con.createArrayOf("text", msisdns.toArray()));
            return ps;
        }, rs -> {
            out.put(rs.getString(1), new Assignment(rs.getString(2), rs.getString(3)));
        });
        return out;
    }

    /** Every manager of the assignment, by id, with their customers and open work orders. */
    public List<Manager> managers() {
        return jdbc.query("""
                SELECT a.manager_id, min(a.manager_name), count(*),
                       (SELECT count(*) FROM work_order w WHERE w.manager_id = a.manager_id AND w.status = 'OPEN')
                  FROM manager_assignment a GROUP BY a.manager_id ORDER BY a.manager_id""",
                (rs, i) -> new Manager(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }
}

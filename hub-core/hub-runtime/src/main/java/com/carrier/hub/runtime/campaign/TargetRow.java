package com.carrier.hub.runtime.campaign;

/**
 * One row of a target list (PEERS.md §2.1): {@code msisdn|segment|score|attr1|attr2|attr3}.
 *
 * @param lineNo 1-based line of the list, kept so every exclusion can be traced to its line
 */
public record TargetRow(long lineNo, String msisdn, String segment, String score, String attr1, String attr2, String attr3) {

    /** Parses one §2.1 line; missing trailing fields are empty. */
    public static TargetRow parse(long lineNo, String line) {
        String[] f = line.split("\\|", -1);
        return new TargetRow(lineNo, f[0].strip(), field(f, 1), field(f, 2), field(f, 3), field(f, 4), field(f, 5));
    }

    private static String field(String[] f, int i) {
        return i < f.length && !f[i].isEmpty() ? f[i] : null;
    }
}

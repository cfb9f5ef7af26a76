package com.carrier.hub.batchfile;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A batch-file feed declared as data (PEERS.md common rules): which files belong to it, how they are encoded and
 * split, the rules of each field and the quarantine thresholds. A JavaBean so Spring Boot binds it from
 * {@code hub.connectors.<id>.feeds.<feed>.*}; {@link #compile()} checks it and returns the engine's fast form.
 */
public class FeedDefinition {

    /** Feed name, kebab-case, for example {@code customer-delta}; recorded with every file. */
    private String name;

    /** Regular expression a data file's whole name must match, for example {@code CUST_DELTA_\d{8}_\d{4}\.dat}. */
    private String namePattern;

    /** Character set of data, control and reject files; must be ASCII-compatible (GBK, GB18030, UTF-8). */
    private String charset = "GBK";

    /** Field delimiter, a single character; split after decoding, never on raw bytes. */
    private String delimiter = "|";

    /** The fields of a row, in order; a row with another field count is rejected ({@code WRONG_FIELD_COUNT}). */
    private List<FieldRule> fields = new ArrayList<>();

    /** Share of rejected rows above which the whole file is quarantined ({@code 0.01} = 1%). */
    private double rejectThreshold = 0.01;

    /** How long a data file may wait for its control file before it is quarantined ({@code CONTROL_MISSING}). */
    private Duration controlGrace = Duration.ofMinutes(30);

    /** Longest line accepted, in bytes; a longer line is rejected ({@code LINE_TOO_LONG}) without being held in memory. */
    private int maxLineBytes = 64 * 1024;

    public FeedDefinition() {
    }

    public FeedDefinition(String name, String namePattern, List<FieldRule> fields) {
        this.name = name;
        this.namePattern = namePattern;
        this.fields = new ArrayList<>(fields);
    }

    /**
     * Fills what configuration left out from the shipped definition: Spring Boot binds a map entry as a new object,
     * so a province that overrides only {@code delimiter} keeps the shipped name pattern and fields this way.
     *
     * @return this definition, completed
     */
    public FeedDefinition withDefaults(String key, FeedDefinition shipped) {
        if (name == null) {
            name = shipped != null && shipped.getName() != null ? shipped.getName() : key;
        }
        if (shipped != null) {
            if (namePattern == null) {
                namePattern = shipped.getNamePattern();
            }
            if (fields == null || fields.isEmpty()) {
                fields = new ArrayList<>(shipped.getFields());
            }
        }
        return this;
    }

    /**
     * Checks the definition and returns its compiled form.
     *
     * @throws IllegalArgumentException naming every property that is wrong, prefixed by {@code where}
     */
    public CompiledFeed compile() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("feed " + name + ": " + String.join("; ", problems));
        }
        return new CompiledFeed(this);
    }

    /** Every problem with this definition, each naming its property; empty when it is usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add("name is required");
        }
        if (namePattern == null || namePattern.isBlank()) {
            problems.add("name-pattern is required");
        } else {
            try {
                Pattern.compile(namePattern);
            } catch (PatternSyntaxException e) {
                problems.add("name-pattern is not a regular expression: " + e.getDescription());
            }
        }
        try {
            Charset cs = Charset.forName(charset);
            if (!"|\n".equals(new String("|\n".getBytes(cs), cs)) || "\n".getBytes(cs).length != 1) {
                problems.add("charset " + charset + " is not ASCII-compatible");
            }
        } catch (RuntimeException e) {
            problems.add("charset " + charset + " is not supported by this JVM");
        }
        if (delimiter == null || delimiter.length() != 1 || delimiter.charAt(0) > 0x7f) {
            problems.add("delimiter must be one ASCII character, got '" + delimiter + "'");
        }
        if (fields == null || fields.isEmpty()) {
            problems.add("fields must list at least one field");
        } else {
            for (int i = 0; i < fields.size(); i++) {
                FieldRule f = fields.get(i);
                if (f.getName() == null || f.getName().isBlank()) {
                    problems.add("fields[" + i + "].name is required");
                }
                try {
                    if (f.getMin() != null) {
                        new java.math.BigDecimal(f.getMin());
                    }
                    if (f.getMax() != null) {
                        new java.math.BigDecimal(f.getMax());
                    }
                } catch (NumberFormatException e) {
                    problems.add("fields[" + i + "].min/max must be numbers");
                }
            }
        }
        if (rejectThreshold < 0 || rejectThreshold > 1) {
            problems.add("reject-threshold must be between 0 and 1, got " + rejectThreshold);
        }
        if (controlGrace == null || controlGrace.isNegative()) {
            problems.add("control-grace must be zero or more");
        }
        if (maxLineBytes < 16) {
            problems.add("max-line-bytes must be at least 16");
        }
        return problems;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getNamePattern() {
        return namePattern;
    }

    public void setNamePattern(String namePattern) {
        this.namePattern = namePattern;
    }

    public String getCharset() {
        return charset;
    }

    public void setCharset(String charset) {
        this.charset = charset;
    }

    public String getDelimiter() {
        return delimiter;
    }

    public void setDelimiter(String delimiter) {
        this.delimiter = delimiter;
    }

    public List<FieldRule> getFields() {
        return fields;
    }

    public void setFields(List<FieldRule> fields) {
        this.fields = fields;
    }

    public double getRejectThreshold() {
        return rejectThreshold;
    }

    public void setRejectThreshold(double rejectThreshold) {
        this.rejectThreshold = rejectThreshold;
    }

    public Duration getControlGrace() {
        return controlGrace;
    }

    public void setControlGrace(Duration controlGrace) {
        this.controlGrace = controlGrace;
    }

    public int getMaxLineBytes() {
        return maxLineBytes;
    }

    public void setMaxLineBytes(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }
}

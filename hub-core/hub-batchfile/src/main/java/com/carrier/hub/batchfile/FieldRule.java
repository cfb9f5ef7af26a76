package com.carrier.hub.batchfile;

import java.util.ArrayList;
import java.util.List;

/**
 * One field of a feed row, declared as data: bound from configuration such as
 * {@code hub.connectors.boss.feeds.customer-delta.fields[1].type=MSISDN}, so a province with another layout is a
 * configuration change.
 */
public class FieldRule {

    /** Field name, for example {@code msisdn}; named in reject reasons and staged as a column. */
    private String name;

    /** Value type; {@code TEXT} accepts anything. */
    private FieldType type = FieldType.TEXT;

    /** Whether the field must be non-empty. */
    private boolean required;

    /** Longest allowed value in characters; 0 means no limit. */
    private int maxLength;

    /** Shortest allowed value in characters when not empty; 0 means no limit. */
    private int minLength;

    /** Allowed values (exact, case-sensitive); empty means any. */
    private List<String> values = new ArrayList<>();

    /** Smallest allowed number for INTEGER and DECIMAL fields. */
    private String min;

    /** Largest allowed number for INTEGER and DECIMAL fields. */
    private String max;

    /** Reason code written to the reject file when this field fails; defaults by type (BAD_MSISDN, BAD_DATE, BAD_&lt;NAME&gt;). */
    private String rejectCode;

    public FieldRule() {
    }

    public FieldRule(String name, FieldType type) {
        this.name = name;
        this.type = type;
    }

    /** Fluent helper for feeds declared in code (tests, defaults). */
    public static FieldRule of(String name, FieldType type) {
        return new FieldRule(name, type);
    }

    public FieldRule required() {
        this.required = true;
        return this;
    }

    public FieldRule values(String... allowed) {
        this.values = new ArrayList<>(List.of(allowed));
        return this;
    }

    public FieldRule length(int minLength, int maxLength) {
        this.minLength = minLength;
        this.maxLength = maxLength;
        return this;
    }

    public FieldRule range(String min, String max) {
        this.min = min;
        this.max = max;
        return this;
    }

    public FieldRule code(String rejectCode) {
        this.rejectCode = rejectCode;
        return this;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public FieldType getType() {
        return type;
    }

    public void setType(FieldType type) {
        this.type = type;
    }

    public boolean isRequired() {
        return required;
    }

    public void setRequired(boolean required) {
        this.required = required;
    }

    public int getMaxLength() {
        return maxLength;
    }

    public void setMaxLength(int maxLength) {
        this.maxLength = maxLength;
    }

    public int getMinLength() {
        return minLength;
    }

    public void setMinLength(int minLength) {
        this.minLength = minLength;
    }

    public List<String> getValues() {
        return values;
    }

    public void setValues(List<String> values) {
        this.values = values;
    }

    public String getMin() {
        return min;
    }

    public void setMin(String min) {
        this.min = min;
    }

    public String getMax() {
        return max;
    }

    public void setMax(String max) {
        this.max = max;
    }

    public String getRejectCode() {
        return rejectCode;
    }

    public void setRejectCode(String rejectCode) {
        this.rejectCode = rejectCode;
    }
}

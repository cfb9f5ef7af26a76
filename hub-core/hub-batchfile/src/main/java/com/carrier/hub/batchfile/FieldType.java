package com.carrier.hub.batchfile;

/** The value types a feed field may declare; each knows the reason code its failures carry by default. */
public enum FieldType {
    /** Any text (length and allowed values may still be ruled). */
    TEXT,
    /** ASCII digits only. */
    DIGITS,
    /** A whole number, optionally signed; {@code min}/{@code max} apply. */
    INTEGER,
    /** A decimal number such as {@code 0.73}; {@code min}/{@code max} apply. */
    DECIMAL,
    /** A date {@code yyyyMMdd}. */
    DATE,
    /** A timestamp {@code yyyyMMddHHmmss}. */
    TIMESTAMP,
    /** A mainland mobile number: 11 digits starting with 1. */
    MSISDN;

    /** Reason code of a value of this type that does not parse, for a field named {@code field}. */
    String defaultCode(String field) {
        return switch (this) {
            case MSISDN -> "BAD_MSISDN";
            case DATE -> "BAD_DATE";
            case TIMESTAMP -> "BAD_TIMESTAMP";
            default -> "BAD_" + field.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        };
    }
}

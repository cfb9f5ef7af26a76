package com.carrier.hub.connector.mmstore;

/**
 * Why one catalog row was refused: a reason code for the reject file ({@code <line>|<code>|<original line>}) and a
 * message naming the field.
 */
public record RowRejection(String code, String message) {
}

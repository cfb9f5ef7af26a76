package com.carrier.hub.batchfile;

/** A file-level problem with a reason code (quarantine reasons such as {@code CONTROL_INVALID}). */
public class BatchFileException extends RuntimeException {

    private final String code;

    public BatchFileException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}

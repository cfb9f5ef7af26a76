package com.carrier.hub.runtime.web;

import java.util.List;

import com.carrier.hub.api.FieldError;

/** A request whose fields are wrong: answered 400 with each field and what is wrong with it. */
public class InvalidRequest extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidRequest(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}

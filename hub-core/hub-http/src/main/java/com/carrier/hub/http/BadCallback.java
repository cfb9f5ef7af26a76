package com.carrier.hub.http;

/** A callback body that breaks the contract; the message names the field ({@code events[3].type: …}). */
public class BadCallback extends Exception {

    public BadCallback(String message) {
        super(message);
    }
}

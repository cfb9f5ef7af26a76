package com.carrier.hub.runtime.resources;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A launch refused because it would take more of its unit's budget than remains: answered 409 with each resource and
 * month short ({@link BudgetErrors}). A 409 like the lifecycle's other refusals, so the console shows its reason as theirs.
 */
public class BudgetExceeded extends ResponseStatusException {

    /** One resource and month the launch needs more of than remains. */
    public record Shortfall(String resource, String unit, String period, long needed, long remaining, String unitLabel) {

        /** The field of the error body this shortfall is reported under. */
        public String field() {
            return "budgets." + unit + "." + resource + "." + period;
        }

        /** What is wrong with it, for people. */
        public String message() {
            return "needs " + needed + " " + unitLabel + " of " + resource + ", but unit " + unit + " has " + remaining
                    + " left of its " + period + " budget";
        }
    }

    private final transient List<Shortfall> shortfalls;

    public BudgetExceeded(String message, List<Shortfall> shortfalls) {
        super(HttpStatus.CONFLICT, message);
        this.shortfalls = List.copyOf(shortfalls);
    }

    public List<Shortfall> shortfalls() {
        return shortfalls;
    }
}

package com.carrier.hub.runtime.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.Msisdn;

/**
 * What every console form checks before its fields: a parameter the page does not take, or one given twice, is refused
 * (400, the console's error page naming it), never ignored; and how a refused value is quoted back (masked, cut short).
 */
final class ConsoleForms {

    private ConsoleForms() {
    }

    /** Refuses the request when it has a parameter not in {@code taken} (the language switch and CSRF token aside). */
    static void onlyParameters(HttpServletRequest request, Set<String> taken) {
        List<String> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>(request.getParameterMap().keySet());
        unknown.removeAll(taken);
        unknown.remove(ConsoleLocale.PARAMETER);
        unknown.remove("_csrf");
        unknown.forEach(name -> problems.add(shorten(name) + ": not a field of this page (" + String.join(", ",
                new TreeSet<>(taken)) + ")"));
        request.getParameterMap().forEach((name, values) -> {
            if (values.length > 1 && !unknown.contains(name)) {
                problems.add(name + ": given " + values.length + " times; give it once");
            }
        });
        if (!problems.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, String.join("; ", problems));
        }
    }

    /** A value as an error message quotes it: mobile numbers masked, at most 40 characters, no control characters. */
    static String shorten(String value) {
        String masked = Msisdn.maskAll(value).replaceAll("\\p{Cntrl}", "?");
        return masked.length() > 40 ? masked.substring(0, 40) + "…" : masked;
    }

    /** Null for null or blank, else the value without surrounding white space. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

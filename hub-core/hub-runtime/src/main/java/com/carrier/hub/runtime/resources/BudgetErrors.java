package com.carrier.hub.runtime.resources;

import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A launch over budget as the API's other errors: an RFC 9457 problem (409) whose {@code errors} name each resource and
 * month short ({@code budgets.<unit>.<resource>.<period>}), and {@code shortfalls} with the figures (resource, unit,
 * period, needed, remaining, unitLabel). Ordered before the general handler, which would answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BudgetErrors {

    @ExceptionHandler(BudgetExceeded.class)
    ResponseEntity<ProblemDetail> exceeded(BudgetExceeded ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getReason());
        problem.setProperty("errors", ex.shortfalls().stream()
                .map(s -> Map.of("field", s.field(), "message", s.message())).toList());
        problem.setProperty("shortfalls", ex.shortfalls());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }
}

package com.carrier.hub.runtime.customer;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.web.InvalidRequest;

import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code GET /api/customers/{msisdn}}: one customer's index fields, holdings, campaign decisions with their codes,
 * contacts, responses and policy lists ({@link CustomerLookup}). The number is whole for OPERATOR and ADMIN, masked
 * (and the name hidden) for VIEWER; 400 for a number that is not one, 404 for a customer the hub does not know.
 */
@RestController
@RequestMapping("/api/customers")
public class CustomersController {

    private final CustomerLookup customers;

    public CustomersController(CustomerLookup customers) {
        this.customers = customers;
    }

    @GetMapping("/{msisdn}")
    @Operation(summary = "One customer: index, holdings, campaign decisions, contacts, responses, policy lists")
    public CustomerLookup.Profile get(@PathVariable String msisdn, Authentication who) {
        if (!Msisdn.isValid(msisdn)) {
            throw new InvalidRequest("not an MSISDN", List.of(new FieldError("msisdn",
                    "must be 11 digits starting with 1, got " + Msisdn.mask(msisdn))));
        }
        return customers.find(msisdn, customers.seesWhole(who)).orElseThrow(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "the hub knows no customer " + Msisdn.mask(msisdn));
            // the instance would be the request's path, with the number in clear
            problem.setInstance(URI.create("/api/customers/" + Msisdn.mask(msisdn)));
            return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        });
    }
}

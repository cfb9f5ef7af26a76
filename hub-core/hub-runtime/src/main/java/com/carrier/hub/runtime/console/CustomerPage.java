package com.carrier.hub.runtime.console;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.customer.CustomerLookup;

/**
 * Customer ({@code /console/customers?msisdn=}): one customer in one place, as {@code GET /api/customers/{msisdn}}
 * answers — index fields, holdings, policy lists, every campaign that decided them with group, channel, status and
 * code, contact times and responses — so "why did this customer get (or not get) this message?" is answered without
 * a query. OPERATOR and ADMIN see the number and name whole, a VIEWER masked ({@link CustomerLookup}). A number that
 * is not one is a field error beside the box (400), never a stack trace.
 */
@Controller
public class CustomerPage {

    /** The page's path. */
    static final String PATH = "/console/customers";

    private final CustomerLookup customers;

    public CustomerPage(CustomerLookup customers) {
        this.customers = customers;
    }

    @GetMapping(PATH)
    public String lookup(HttpServletRequest request, HttpServletResponse response, Authentication who, Model model) {
        ConsoleForms.onlyParameters(request, Set.of("msisdn"));
        model.addAttribute("time", RoutesPage.TIME);
        String msisdn = ConsoleForms.blankToNull(request.getParameter("msisdn"));
        if (msisdn == null) {
            return "console/customers";
        }
        boolean whole = customers.seesWhole(who);
        if (!Msisdn.isValid(msisdn)) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("msisdnError", "customer.badMsisdn");
            model.addAttribute("given", ConsoleForms.shorten(msisdn));
            return "console/customers";
        }
        // the box keeps what an OPERATOR typed; a VIEWER's page shows the number masked only
        model.addAttribute("typed", whole ? msisdn : null);
        model.addAttribute("shown", whole ? msisdn : Msisdn.mask(msisdn));
        customers.find(msisdn, whole).ifPresentOrElse(p -> model.addAttribute("profile", p),
                () -> model.addAttribute("unknown", true));
        return "console/customers";
    }
}

package com.carrier.hub.runtime.managers;

import java.io.IOException;
import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.runtime.audit.AuditAction;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.web.UploadCharset;

import io.swagger.v3.oas.annotations.Operation;

/**
 * The account managers and which customers they serve: {@code PUT /api/managers/assignments} replaces the assignment
 * with a file of {@code msisdn|manager_id|manager_name} lines (OPERATOR), {@code GET /api/managers} lists the managers.
 */
@RestController
@RequestMapping("/api/managers")
public class ManagersController {

    private final ManagerAssignments assignments;
    private final ManagerProperties properties;
    private final AuditTrail audit;

    public ManagersController(ManagerAssignments assignments, ManagerProperties properties, AuditTrail audit) {
        this.assignments = assignments;
        this.properties = properties;
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "The managers of the assignment: id, name, customers served, open work orders")
    public List<ManagerAssignments.Manager> managers() {
        return assignments.managers();
    }

    @PutMapping(path = "/assignments", consumes = "text/plain")
    @Operation(summary = "Replace the whole assignment with a file of msisdn|manager_id|manager_name lines (charset from"
            + " Content-Type, UTF-8 by default); a bad line is a 400 naming its number and field and nothing is applied;"
            + " a file over hub.managers.max-upload-size is a 413")
    @AuditAction("managers.assignments")
    public ManagerAssignments.ImportResult replace(HttpServletRequest request, Principal who) throws IOException {
        long max = properties.getMaxUploadSize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        byte[] file = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (file.length > max) {
            throw tooLarge(max);
        }
        ManagerAssignments.ImportResult result = assignments.replaceAll(file, UploadCharset.of(request), who.getName());
        audit.change(null, result); // counts: lines, customers, managers, replaced
        return result;
    }

    /** An assignment file that is not text/plain, or names a charset this JVM does not know: 415 naming it. */
    @PutMapping(path = "/assignments")
    @Operation(summary = "415: an assignment file is text/plain in a charset the hub knows")
    @AuditAction("managers.assignments")
    public ManagerAssignments.ImportResult replaceOfAnotherType(HttpServletRequest request) {
        throw UploadCharset.otherType(request, "a manager assignment file");
    }

    private static ResponseStatusException tooLarge(long max) {
        return new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, "the assignment file is larger than "
                + "hub.managers.max-upload-size (" + max + " bytes); raise the setting for a larger assignment");
    }
}

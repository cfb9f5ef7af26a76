package com.carrier.hub.runtime.resources;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Marketing resources (README "Governance", "Marketing resources"): what a campaign consumes as it contacts — SMS
 * messages, call-centre minutes, voucher value — each consumed on one touchpoint at a fixed amount per contact. A unit's
 * budget for a resource and month ({@code PUT /api/budgets/{unit}/{resource}/{period}}) is checked when a campaign is
 * scheduled or started; a unit without a budget for a resource may use it without limit.
 */
@ConfigurationProperties("hub.governance")
@Validated
public class ResourcesProperties {

    /**
     * The resources by name (lower-case letters, digits and '-', as the budget API names them). Defaults, for the
     * sandbox: {@code sms} (one message per SMS contact) and {@code call-minutes} (three minutes per CALL contact).
     * A province adds its own ({@code hub.governance.resources.voucher.touchpoint=APP}, …) beside them.
     */
    @Valid
    private Map<String, Resource> resources = new LinkedHashMap<>(Map.of(
            "sms", new Resource("SMS", 1, "messages"),
            "call-minutes", new Resource("CALL", 3, "minutes")));

    public Map<String, Resource> getResources() { return resources; }
    public void setResources(Map<String, Resource> resources) { this.resources = resources; }

    /** One resource: the touchpoint it is consumed on and how much one contact there takes. */
    public static class Resource {

        /** The touchpoint (its upper-case id, e.g. SMS, CALL) whose contacts consume the resource. */
        @NotBlank
        @Pattern(regexp = "[A-Z][A-Z0-9_]*", message = "must be a touchpoint id (upper-case, e.g. SMS)")
        private String touchpoint;

        /** How much of the resource one contact made on the touchpoint consumes (a whole number, at least 1). */
        @Min(1)
        private long perContact = 1;

        /** What the amounts count, for people: messages, minutes, fen. */
        @NotBlank
        private String unitLabel = "units";

        public Resource() {
        }

        public Resource(String touchpoint, long perContact, String unitLabel) {
            this.touchpoint = touchpoint;
            this.perContact = perContact;
            this.unitLabel = unitLabel;
        }

        public String getTouchpoint() { return touchpoint; }
        public void setTouchpoint(String touchpoint) { this.touchpoint = touchpoint; }
        public long getPerContact() { return perContact; }
        public void setPerContact(long perContact) { this.perContact = perContact; }
        public String getUnitLabel() { return unitLabel; }
        public void setUnitLabel(String unitLabel) { this.unitLabel = unitLabel; }
    }
}

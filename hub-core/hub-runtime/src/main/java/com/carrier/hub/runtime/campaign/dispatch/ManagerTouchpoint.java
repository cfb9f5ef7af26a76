package com.carrier.hub.runtime.campaign.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.managers.ManagerAssignments;
import com.carrier.hub.runtime.managers.WorkOrders;

/**
 * The account managers (PEERS §6, high-value customers): each contact becomes a work order assigned to the customer's
 * manager (from the imported assignment, {@code PUT /api/managers/assignments}), with the campaign's script rendered for
 * the customer; managers work through {@code GET /api/work-orders?manager=} and report outcomes, whose ACCEPTED and
 * DECLINED are responses. A customer with no manager is REFUSED {@value #NO_MANAGER}, so their next channel serves
 * them (PEERS §8). Opening an order is idempotent (one per campaign and customer), so a contact interrupted by a crash
 * is simply sent again. {@code GET /api/campaigns/{id}/call-list} shows a campaign's orders as CSV.
 */
@Component
public class ManagerTouchpoint implements Touchpoint {

    /** The refusal of a customer no account manager serves. */
    public static final String NO_MANAGER = "NO_MANAGER";

    private final ManagerAssignments assignments;
    private final WorkOrders workOrders;

    public ManagerTouchpoint(ManagerAssignments assignments, WorkOrders workOrders) {
        this.assignments = assignments;
        this.workOrders = workOrders;
    }

    @Override
    public String id() {
        return "MANAGER";
    }

    @Override
    public String description() {
        return "Work orders for the account managers of high-value customers, with a script per customer; their outcomes"
                + " ACCEPTED and DECLINED are responses";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public boolean quietHours() {
        return false;
    }

    @Override
    public List<TemplateField> templateFields() {
        return List.of(TemplateField.text("text", "the script the manager reads (default: the customer's name)", false,
                InputLimits.TEXT));
    }

    @Override
    public List<String> responseTypes() {
        return List.of(ResponseEvent.Type.ACCEPTED.name(), ResponseEvent.Type.DECLINED.name());
    }

    @Override
    public String connectorId() {
        return null;
    }

    @Override
    public List<ContactResult> send(TouchpointSlice slice) {
        List<ContactResult> results = new ArrayList<>(slice.contacts().size());
        Map<String, ManagerAssignments.Assignment> managers = assignments.of(
                slice.contacts().stream().map(TouchpointContact::msisdn).toList());
        List<WorkOrders.NewOrder> orders = new ArrayList<>();
        for (TouchpointContact c : slice.contacts()) {
            ManagerAssignments.Assignment manager = managers.get(c.msisdn());
            if (manager == null) {
                results.add(ContactResult.refused(c.msisdn(), NO_MANAGER));
                continue;
            }
            String script = c.fields().get("text");
            if (script == null) {
                script = c.vars().get("name");
            }
            if (script == null || script.isBlank()) {
                results.add(ContactResult.failed(c.msisdn(), "MISSING_VALUE:name"));
                continue;
            }
            orders.add(new WorkOrders.NewOrder(c.msisdn(), c.vars().get("name"), c.vars().get("city"), manager.managerId(),
                    manager.managerName(), script));
            results.add(ContactResult.sent(c.msisdn()));
        }
        workOrders.open(slice.campaignId(), orders);
        return results;
    }
}

package com.carrier.hub.runtime.campaign.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;

/**
 * The account managers' call list (PEERS §6, high-value customers): a contact is "sent" when it is on the list with its
 * rendered script, which they read at {@code GET /api/campaigns/{id}/call-list}. Listing is idempotent (one row per
 * campaign and customer), so a contact interrupted by a crash is simply listed again.
 */
@Component
public class ManagerTouchpoint implements Touchpoint {

    private final JdbcTemplate jdbc;

    public ManagerTouchpoint(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String id() {
        return "MANAGER";
    }

    @Override
    public String description() {
        return "The account managers' call list of high-value customers, with a script per customer";
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
        return List.of();
    }

    @Override
    public String connectorId() {
        return null;
    }

    @Override
    public List<ContactResult> send(TouchpointSlice slice) {
        List<ContactResult> results = new ArrayList<>(slice.contacts().size());
        List<Object[]> rows = new ArrayList<>();
        for (TouchpointContact c : slice.contacts()) {
            String script = c.fields().get("text");
            if (script == null) {
                script = c.vars().get("name");
            }
            if (script == null || script.isBlank()) {
                results.add(ContactResult.failed(c.msisdn(), "MISSING_VALUE:name"));
                continue;
            }
            rows.add(new Object[] {slice.campaignId(), c.msisdn(), c.vars().get("name"), c.vars().get("city"), script});
            results.add(ContactResult.sent(c.msisdn()));
        }
        jdbc.batchUpdate("INSERT INTO manager_call_list (campaign_id, msisdn, cust_name, city_code, script) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (campaign_id, msisdn) DO NOTHING", rows);
        return results;
    }
}

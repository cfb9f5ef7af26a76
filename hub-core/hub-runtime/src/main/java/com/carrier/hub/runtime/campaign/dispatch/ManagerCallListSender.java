package com.carrier.hub.runtime.campaign.dispatch;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignDefinition.Channel;
import com.carrier.hub.runtime.campaign.TemplateRenderer;

/**
 * The account-manager touchpoint (PEERS §6, high-value customers): a contact is "sent" when it is on the managers'
 * call list with its rendered script, which they read at {@code GET /api/campaigns/{id}/call-list}. Listing is
 * idempotent (one row per campaign and customer), so a contact interrupted by a crash is simply listed again.
 */
public class ManagerCallListSender implements ChannelSender {

    private final JdbcTemplate jdbc;

    public ManagerCallListSender(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Channel channel() {
        return Channel.MANAGER;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public List<Result> send(Campaign campaign, List<Contact> contacts) {
        CampaignDefinition.Template t = campaign.definition().templates() == null ? null
                : campaign.definition().templates().get("MANAGER");
        String template = t == null || t.text() == null ? "${name}" : t.text();
        List<Result> results = new ArrayList<>(contacts.size());
        List<Object[]> rows = new ArrayList<>();
        for (Contact c : contacts) {
            TemplateRenderer.Result script = TemplateRenderer.render(template, c.vars());
            if (!script.ok()) {
                results.add(new Result(c.msisdn(), Result.Status.FAILED, script.failure(), List.of(), 0));
                continue;
            }
            rows.add(new Object[] {campaign.id(), c.msisdn(), c.vars().get("name"), c.vars().get("city"), script.text()});
            results.add(new Result(c.msisdn(), Result.Status.SENT, null, List.of(), 0));
        }
        jdbc.batchUpdate("INSERT INTO manager_call_list (campaign_id, msisdn, cust_name, city_code, script) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (campaign_id, msisdn) DO NOTHING", rows);
        return results;
    }
}

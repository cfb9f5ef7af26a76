package com.carrier.hub.runtime.sandbox;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sandbox only: once the hub is up, the sandbox runs one triggered campaign (PEERS §7.4), {@value #ID}: a 10 GB data
 * top-up (product {@code A20001}) offered by SMS to a customer whose DATA usage reaches 80% or more, contacted within
 * ten minutes of the event, at most once a week — so the simulated network events of {@link SandboxNetworkEvents}
 * make contacts a newcomer can watch at {@code GET /api/campaigns/SANDBOX-DATA-TOPUP}. It is created through
 * {@link CampaignService} like any campaign, scheduled and started, at the first start only: a campaign of that id
 * that exists already is left as it is (paused, completed or changed by the sandbox's user), only moved on to
 * RUNNING when an earlier start left it DRAFT or SCHEDULED. It has no quiet hours, so it fires at any hour. Off with
 * the events ({@code hub.sandbox.events.enabled=false}).
 */
@Component
@Profile("sandbox")
public class SandboxTriggeredCampaign {

    /** The campaign's id. */
    public static final String ID = "SANDBOX-DATA-TOPUP";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxTriggeredCampaign.class);

    private final SandboxNetworkEventsProperties properties;
    private final CampaignService campaigns;
    private final CampaignRepository repository;
    private final ObjectMapper json;

    public SandboxTriggeredCampaign(SandboxNetworkEventsProperties properties, CampaignService campaigns,
                                    CampaignRepository repository, ObjectMapper json) {
        this.properties = properties;
        this.campaigns = campaigns;
        this.repository = repository;
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void run() {
        if (!properties.isEnabled()) {
            return;
        }
        Campaign campaign = SandboxCampaigns.running(campaigns, repository, ID,
                () -> definition(OffsetDateTime.now(HubTime.ZONE).truncatedTo(ChronoUnit.SECONDS)), "triggered campaign");
        if (campaign != null) {
            LOG.info("sandbox: triggered campaign {} is {}: a data top-up by SMS at DATA usage of 80% or more"
                    + " (GET /api/campaigns/{})", ID, campaign.status(), ID);
        }
    }

    /** The campaign as a user would POST it, running from now for a year. */
    CampaignDefinition definition(OffsetDateTime now) {
        ObjectNode d = json.createObjectNode()
                .put("id", ID)
                .put("name", "流量加油包 10GB（流量用量提醒触发）")
                .put("type", "PROMOTION")
                .put("productId", "A20001")
                .put("sourceAddress", "10658001")
                .put("autoOrder", true)
                .put("start", now.toString())
                .put("end", now.plusYears(1).toString());
        d.putArray("channels").add("SMS");
        d.putObject("templates").putObject("SMS")
                .put("text", "尊敬的${name}，您本月套餐流量已用${usedPercent}%，回复Y办理流量加油包10GB，30元，当月有效");
        d.putArray("acceptKeywords").add("Y");
        // none: the sandbox shows the trigger firing at any hour (by default SMS waits from 21:00 to 08:00)
        d.putObject("quietHours").put("start", "00:00").put("end", "00:00");
        d.putObject("trigger")
                .put("eventType", "usage.threshold")
                .put("condition", "metric == 'DATA' && usedPercent >= 80")
                .put("contactWithin", "PT10M")
                .put("cooldownDays", 7);
        try {
            return json.treeToValue(d, CampaignDefinition.class);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("the sandbox's campaign " + ID + " does not fit a campaign definition",
                    List.of(new FieldError("(definition)", e.getOriginalMessage())));
        }
    }
}

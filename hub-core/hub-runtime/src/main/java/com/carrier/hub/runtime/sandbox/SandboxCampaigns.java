package com.carrier.hub.runtime.sandbox;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.web.InvalidRequest;

/** The sandbox's own campaigns, set up at start as a user would: created once, scheduled and started. */
final class SandboxCampaigns {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCampaigns.class);
    private static final String ACTOR = "sandbox";

    private SandboxCampaigns() {
    }

    /**
     * The campaign {@code id}, created from {@code definition} if it does not exist yet and moved on to RUNNING
     * (a restart finds it and creates nothing twice); null, with the reason logged, when it was refused or another
     * instance on the same database moved it meanwhile. {@code what} names it in the log ("demo campaign").
     */
    static Campaign running(CampaignService campaigns, CampaignRepository repository, String id,
                            Supplier<CampaignDefinition> definition, String what) {
        try {
            Campaign campaign = repository.find(id).orElse(null);
            if (campaign == null) {
                campaign = campaigns.create(definition.get(), ACTOR);
            }
            if (campaign.status() == CampaignStatus.DRAFT) {
                campaign = campaigns.act(id, "schedule", ACTOR);
            }
            if (campaign.status() == CampaignStatus.SCHEDULED) {
                campaign = campaigns.act(id, "start", ACTOR);
            }
            return campaign;
        } catch (InvalidRequest e) {
            LOG.warn("sandbox: the {} {} was refused: {} {}", what, id, e.getMessage(), e.errors());
        } catch (ResponseStatusException e) {
            // another instance on the same database created or moved it meanwhile
            LOG.warn("sandbox: could not set up the {} {}: {}", what, id, e.getReason());
        }
        return null;
    }
}

package com.carrier.hub.runtime.campaign;

import java.time.Instant;

/**
 * A stored campaign: its definition (defaults filled), lifecycle status and optimistic-lock version, the organisation
 * unit that owns it (the creator's; the root unit for campaigns from before units) and its number (none for those).
 */
public record Campaign(CampaignDefinition definition, CampaignStatus status, int version, Instant createdAt,
                       Instant updatedAt, String unit, String number) {

    public Campaign(CampaignDefinition definition, CampaignStatus status, int version, Instant createdAt, Instant updatedAt) {
        this(definition, status, version, createdAt, updatedAt, null, null);
    }

    public String id() {
        return definition.id();
    }
}

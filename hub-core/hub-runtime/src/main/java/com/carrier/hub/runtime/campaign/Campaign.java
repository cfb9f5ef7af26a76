package com.carrier.hub.runtime.campaign;

import java.time.Instant;

/** A stored campaign: its definition (defaults filled), lifecycle status and optimistic-lock version. */
public record Campaign(CampaignDefinition definition, CampaignStatus status, int version, Instant createdAt,
                       Instant updatedAt) {

    public String id() {
        return definition.id();
    }
}

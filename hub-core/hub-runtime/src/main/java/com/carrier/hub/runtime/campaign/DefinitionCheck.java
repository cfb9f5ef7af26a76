package com.carrier.hub.runtime.campaign;

import java.util.List;
import java.util.Set;

import com.carrier.hub.api.FieldError;

/**
 * A check a campaign definition must pass besides {@link CampaignValidator}'s own, contributed by the flow that reads
 * the fields it checks (the triggered campaigns' {@code trigger}, checked against the configured event types), so the
 * campaign package does not depend on every flow that reads a campaign.
 */
public interface DefinitionCheck {

    /** Adds each problem of the definition's fields this check owns, named by field. */
    void check(CampaignDefinition definition, List<FieldError> errors);

    /** Placeholders the campaign's templates may use besides the customer's and the list's fields. */
    default Set<String> placeholders(CampaignDefinition definition) {
        return Set.of();
    }
}

package com.carrier.hub.runtime.campaign;

import java.time.Instant;
import java.util.Set;

import com.carrier.hub.connector.mmstore.AppCatalog;

/** What every part of one policy run needs: the campaign's rules resolved once ({@link ContactPolicy}). */
record PolicyInputs(CampaignDefinition d, Set<String> channels, String group, Instant dayStart, Instant weekStart,
                      Instant similarSince, AppCatalog.Matcher apps, GlobalHoldout.Group holdout, SideFacts side) {

    PolicyInputs with(SideFacts facts) {
        return new PolicyInputs(d, channels, group, dayStart, weekStart, similarSince, apps, holdout, facts);
    }
}

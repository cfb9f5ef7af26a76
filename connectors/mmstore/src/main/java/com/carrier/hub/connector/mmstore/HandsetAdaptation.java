package com.carrier.hub.connector.mmstore;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds a campaign's MM recommendations from its customers and its app list (PEERS §4.2, contact policy step 7):
 * each customer gets the campaign's apps that suit their handset model; a customer with none is excluded with
 * {@value #NO_SUITABLE_APP}.
 */
public class HandsetAdaptation {

    /** The exclusion code of a customer none of whose campaign apps suits the handset. */
    public static final String NO_SUITABLE_APP = "NO_SUITABLE_APP";

    /** One customer to recommend to: the MSISDN and the handset model from BOSS (§1.1 field 9, may be empty). */
    public record Customer(String msisdn, String handsetModel) {
    }

    /** A customer left out, with the exclusion code. */
    public record Exclusion(String msisdn, String reason) {
    }

    /**
     * The outcome for one campaign.
     *
     * @param unavailableApps campaign apps missing from the catalog or withdrawn: never recommended
     */
    public record Plan(List<Recommendation> recommendations, List<Exclusion> excluded, List<String> unavailableApps) {
    }

    private final AppCatalog catalog;

    public HandsetAdaptation(AppCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @throws IllegalStateException when no catalog has been loaded yet: every customer would otherwise be wrongly
     *                               excluded; plan again once {@code MM_APPS_*.dat} has been ingested
     */
    public Plan plan(String campaignId, List<String> campaignAppIds, Collection<Customer> customers,
                     OffsetDateTime validTo) {
        if (!catalog.isLoaded()) {
            throw new IllegalStateException("mmstore: no MM app catalog loaded yet (MM_APPS_<yyyyMMdd>.dat from "
                    + "/mm/out/catalog/); cannot adapt campaign " + campaignId + " to handsets");
        }
        AppCatalog.Matcher matcher = catalog.matcher(campaignAppIds);
        List<Recommendation> recommendations = new ArrayList<>(customers.size());
        List<Exclusion> excluded = new ArrayList<>();
        for (Customer c : customers) {
            List<String> apps = matcher.suitable(c.handsetModel());
            if (apps.isEmpty()) {
                excluded.add(new Exclusion(c.msisdn(), NO_SUITABLE_APP));
            } else {
                recommendations.add(Recommendation.of(campaignId, c.msisdn(), apps, validTo));
            }
        }
        return new Plan(recommendations, excluded, matcher.unavailableApps());
    }
}

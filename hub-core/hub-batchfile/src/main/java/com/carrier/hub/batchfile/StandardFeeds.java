package com.carrier.hub.batchfile;

import static com.carrier.hub.batchfile.FieldRule.of;
import static com.carrier.hub.batchfile.FieldType.DATE;
import static com.carrier.hub.batchfile.FieldType.DECIMAL;
import static com.carrier.hub.batchfile.FieldType.DIGITS;
import static com.carrier.hub.batchfile.FieldType.INTEGER;
import static com.carrier.hub.batchfile.FieldType.MSISDN;
import static com.carrier.hub.batchfile.FieldType.TEXT;
import static com.carrier.hub.batchfile.FieldType.TIMESTAMP;

import java.util.List;

/**
 * The feeds of PEERS.md as shipped defaults. Each call returns a new mutable definition, so configuration can
 * override any property (a province's other layout is {@code hub.connectors.boss.feeds.customer-delta.fields…}).
 */
public final class StandardFeeds {

    private StandardFeeds() {
    }

    /** §1.1 BOSS customer delta {@code CUST_DELTA_<yyyyMMdd>_<seq4>.dat}. */
    public static FeedDefinition customerDelta() {
        return new FeedDefinition("customer-delta", "CUST_DELTA_\\d{8}_\\d{4}\\.dat", customerFields());
    }

    /** The 13 fields of §1.1, shared with the warehouse's CUSTOMER feed. */
    public static List<FieldRule> customerFields() {
        return List.of(
                of("op", TEXT).required().values("A", "U", "D").code("UNKNOWN_OP"),
                of("msisdn", MSISDN),
                of("cust_id", TEXT).required().length(1, 32),
                of("cust_name", TEXT).length(0, 64),
                of("brand", TEXT).required().values("GOTONE", "MZONE", "EASYOWN", "OTHER"),
                of("city_code", DIGITS).required().length(3, 4),
                of("plan_id", TEXT).length(0, 32),
                of("status", TEXT).required().values("1", "2", "3"),
                of("handset_model", TEXT).length(0, 64),
                of("open_date", DATE),
                of("arpu_3m_fen", INTEGER).range("0", null),
                of("customer_class", TEXT).required().values("1", "2", "3", "4", "5"),
                of("update_time", TIMESTAMP).required());
    }

    /** §1.2 BOSS product catalog {@code PROD_FULL_<yyyyMMdd>.dat}. */
    public static FeedDefinition productFull() {
        return new FeedDefinition("product-full", "PROD_FULL_\\d{8}\\.dat", List.of(
                of("product_id", TEXT).required().length(1, 32),
                of("name", TEXT).required().length(1, 128),
                of("type", TEXT).required().values("PLAN", "ADDON", "VAS", "TERMINAL", "APP"),
                of("price_fen", INTEGER).required().range("0", null),
                of("status", TEXT).required().values("0", "1"),
                of("effective_date", DATE).required(),
                of("expire_date", DATE),
                of("exclusive_group", TEXT).length(0, 32)));
    }

    /** §1.3 BOSS subscriptions delta {@code SUBS_DELTA_<yyyyMMdd>_<seq4>.dat}. */
    public static FeedDefinition subscriptionDelta() {
        return new FeedDefinition("subscription-delta", "SUBS_DELTA_\\d{8}_\\d{4}\\.dat", List.of(
                of("op", TEXT).required().values("A", "D").code("UNKNOWN_OP"),
                of("msisdn", MSISDN),
                of("product_id", TEXT).required().length(1, 32),
                of("effective_time", TIMESTAMP).required(),
                of("expire_time", TIMESTAMP)));
    }

    /** §1.4 BOSS orders {@code ORDER_<yyyyMMdd>_<seq4>.dat}. */
    public static FeedDefinition order() {
        return new FeedDefinition("order", "ORDER_\\d{8}_\\d{4}\\.dat", List.of(
                of("order_id", TEXT).required().length(1, 64),
                of("msisdn", MSISDN),
                of("product_id", TEXT).required().length(1, 32),
                of("channel_code", TEXT).length(0, 32),
                of("order_time", TIMESTAMP).required(),
                of("status", TEXT).required().values("0", "1")));
    }

    /** §2.1 warehouse target list {@code TGT_<campaignId>_<yyyyMMdd>_<seq4>.dat}. */
    public static FeedDefinition targetList() {
        return new FeedDefinition("target-list", "TGT_[A-Za-z0-9-]{1,64}_\\d{8}_\\d{4}\\.dat", List.of(
                of("msisdn", MSISDN),
                of("segment", TEXT).length(0, 32),
                of("score", DECIMAL).range("0", "1"),
                of("attr1", TEXT).length(0, 256),
                of("attr2", TEXT).length(0, 256),
                of("attr3", TEXT).length(0, 256)));
    }

    /** §2.2 hub → warehouse {@code CONTACT_<yyyyMMdd>_<seq4>.dat}. */
    public static FeedDefinition contact() {
        return new FeedDefinition("contact", "CONTACT_\\d{8}_\\d{4}\\.dat", List.of(
                of("campaign_id", TEXT).required(), of("msisdn", MSISDN), of("channel", TEXT).required(),
                of("touchpoint", TEXT), of("group", TEXT).required().values("T", "C"),
                of("status", TEXT).required().values("SENT", "DEFERRED", "EXCLUDED", "FAILED"),
                of("reason", TEXT), of("contact_time", TIMESTAMP).required()));
    }

    /** §2.2 hub → warehouse {@code RESPONSE_<yyyyMMdd>_<seq4>.dat}. */
    public static FeedDefinition response() {
        return new FeedDefinition("response", "RESPONSE_\\d{8}_\\d{4}\\.dat", List.of(
                of("campaign_id", TEXT).required(), of("msisdn", MSISDN), of("channel", TEXT).required(),
                of("response_type", TEXT).required().values("DELIVERED", "UNDELIVERED", "REPLIED", "CLICKED",
                        "DOWNLOADED", "ORDERED", "UNSUBSCRIBED"),
                of("response_time", TIMESTAMP).required(), of("detail", TEXT)));
    }

    /** §2.2 hub → warehouse {@code CUSTOMER_<yyyyMMdd>_<seq4>.dat}: the §1.1 fields, UTF-8. */
    public static FeedDefinition customerOut() {
        FeedDefinition feed = new FeedDefinition("customer", "CUSTOMER_\\d{8}_\\d{4}\\.dat", customerFields());
        feed.setCharset("UTF-8");
        return feed;
    }

    /** §4.1 MM app catalog {@code MM_APPS_<yyyyMMdd>.dat}; {@code models} is a comma list or {@code *}. */
    public static FeedDefinition mmApps() {
        return new FeedDefinition("mm-apps", "MM_APPS_\\d{8}\\.dat", List.of(
                of("app_id", TEXT).required().length(1, 64),
                of("name", TEXT).required().length(1, 128),
                of("category", TEXT),
                of("min_os", TEXT),
                of("models", TEXT).required(),
                of("size_kb", INTEGER).range("0", null),
                of("price_fen", INTEGER).range("0", null),
                of("status", TEXT).required().values("0", "1")));
    }
}

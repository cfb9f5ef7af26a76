package com.carrier.hub.runtime.campaign;

import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A campaign as operators define it (PEERS.md §7.1). Every field may be absent in a request; the validator names
 * what is missing or wrong, and {@link #withDefaults()} fills the documented defaults.
 *
 * @param id                 unique id, letters, digits, '-' and '_' (it appears in file names such as TGT_&lt;id&gt;_…)
 * @param type               PROMOTION, TARIFF, PUBLICITY or POINTS
 * @param productId          the offered product; may be empty only for PUBLICITY
 * @param channels           the touchpoints the campaign may use, by id: SMS, PORTAL, MM, MANAGER (account manager
 *                           list) and any other registered touchpoint ({@code GET /api/touchpoints})
 * @param templates          per touchpoint id, its template's fields ({@code GET /api/touchpoints} lists each
 *                           touchpoint's): SMS {@code text}; PORTAL {@code title}, {@code body}, {@code url}; MM
 *                           {@code appIds}; MANAGER {@code text}. Placeholders {@code ${name}}, {@code ${attr1}}…
 * @param sourceAddress      SMS service code the messages come from, for example 10658001
 * @param quietHours         no SMS between start and end (default 21:00–08:00, Asia/Shanghai); contacts are deferred
 * @param controlPercent     share of eligible customers kept as the control group, 0–50 (default 5)
 * @param responseWindowDays days after contact during which responses count (default 7)
 * @param acceptKeywords     SMS replies that accept the offer (default Y and 1)
 * @param autoOrder          place a BOSS order when a customer accepts by SMS
 * @param targets            quantitative goals, for example {@code {"metric":"ORDERED","value":10000}}
 * @param rules              contact rules overriding the defaults of §7.2
 * @param resendUnresolved   send an SMS again, once, with a new message when its submit outcome stayed unknown until
 *                           its receipt window closed (no receipt: the SMSC had not accepted it); default true
 * @param trigger            for a triggered campaign (PEERS §7.4), the network event that makes a customer a target
 * @param confidential       hide the campaign, even its name, from every unit but its own and those above it (work
 *                           orders, the case library); default false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignDefinition(String id, String name, String type, String productId, List<String> channels,
                                 Map<String, Map<String, Object>> templates, String sourceAddress, OffsetDateTime start,
                                 OffsetDateTime end, QuietHours quietHours, Double controlPercent,
                                 Integer responseWindowDays, List<String> acceptKeywords, Boolean autoOrder,
                                 List<Target> targets, Rules rules, Boolean resendUnresolved,
                                 Trigger trigger, Boolean confidential) {

    /** A definition that leaves {@code confidential} to its default. */
    public CampaignDefinition(String id, String name, String type, String productId, List<String> channels,
                              Map<String, Map<String, Object>> templates, String sourceAddress, OffsetDateTime start,
                              OffsetDateTime end, QuietHours quietHours, Double controlPercent,
                              Integer responseWindowDays, List<String> acceptKeywords, Boolean autoOrder,
                              List<Target> targets, Rules rules, Boolean resendUnresolved, Trigger trigger) {
        this(id, name, type, productId, channels, templates, sourceAddress, start, end, quietHours, controlPercent,
                responseWindowDays, acceptKeywords, autoOrder, targets, rules, resendUnresolved, trigger, null);
    }

    /** Whether the campaign is hidden from units that do not own it. */
    public boolean keptConfidential() {
        return confidential != null && confidential;
    }

    /** Campaign types of §7.1. */
    public enum Type { PROMOTION, TARIFF, PUBLICITY, POINTS }


    /** A daily window without SMS; it may wrap midnight. */
    public record QuietHours(LocalTime start, LocalTime end) {
    }

    /** A quantitative goal: a metric of the evaluation (SENT, DELIVERED, RESPONDED, ORDERED) and its value. */
    public record Target(String metric, Long value) {
    }

    /** Contact rules of §7.2 that a campaign may tighten or relax. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rules(Integer maxSmsPerDay, Integer maxSmsPerWeek, Integer recentSimilarDays) {
    }

    /**
     * What makes a customer a target of a triggered campaign (PEERS §7.4): each event of the type whose payload meets
     * the condition, decided at once by the contact policy.
     *
     * @param eventType     a configured event type ({@code hub.triggers.event-types}), e.g. {@code usage.threshold}
     * @param condition     over the payload's fields, e.g. {@code metric == 'DATA' && usedPercent >= 80}; comparisons
     *                      ({@code == != < <= > >=}), {@code && || !}, parentheses, text, number and boolean literals
     * @param contactWithin how soon after the event the contact must be made (ISO-8601, e.g. PT10M); later it is
     *                      dropped as EVENT_EXPIRED
     * @param cooldownDays  at most one contact per customer in this campaign within this many days (default 7)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Trigger(String eventType, String condition, Duration contactWithin, Integer cooldownDays) {
    }

    public static final int DEFAULT_COOLDOWN_DAYS = 7;

    /** Whether events make this campaign's targets (PEERS §7.4). */
    public boolean triggered() {
        return trigger != null;
    }

    public static final QuietHours DEFAULT_QUIET_HOURS = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
    public static final double DEFAULT_CONTROL_PERCENT = 5;
    public static final int DEFAULT_RESPONSE_WINDOW_DAYS = 7;
    public static final List<String> DEFAULT_ACCEPT_KEYWORDS = List.of("Y", "1");
    public static final Rules DEFAULT_RULES = new Rules(1, 3, 7);

    /** The template of a touchpoint (field → text, or a list of ids); empty when the campaign has none. */
    public Map<String, Object> template(String touchpoint) {
        Map<String, Object> t = templates == null ? null : templates.get(touchpoint);
        return t == null ? Map.of() : t;
    }

    /** A list field of a touchpoint's template (the MM {@code appIds}); empty when absent. */
    public List<String> templateList(String touchpoint, String field) {
        return template(touchpoint).get(field) instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    /** This definition with every absent optional field set to its documented default. */
    public CampaignDefinition withDefaults() {
        Rules r = rules == null ? DEFAULT_RULES : new Rules(
                rules.maxSmsPerDay() == null ? DEFAULT_RULES.maxSmsPerDay() : rules.maxSmsPerDay(),
                rules.maxSmsPerWeek() == null ? DEFAULT_RULES.maxSmsPerWeek() : rules.maxSmsPerWeek(),
                rules.recentSimilarDays() == null ? DEFAULT_RULES.recentSimilarDays() : rules.recentSimilarDays());
        return new CampaignDefinition(id, name, type, productId, channels, templates, sourceAddress, start, end,
                quietHours == null ? DEFAULT_QUIET_HOURS : quietHours,
                controlPercent == null ? DEFAULT_CONTROL_PERCENT : controlPercent,
                responseWindowDays == null ? DEFAULT_RESPONSE_WINDOW_DAYS : responseWindowDays,
                acceptKeywords == null || acceptKeywords.isEmpty() ? DEFAULT_ACCEPT_KEYWORDS : acceptKeywords,
                autoOrder != null && autoOrder, targets == null ? List.of() : targets, r,
                resendUnresolved == null || resendUnresolved,
                trigger == null || trigger.cooldownDays() != null ? trigger
                        : new Trigger(trigger.eventType(), trigger.condition(), trigger.contactWithin(), DEFAULT_COOLDOWN_DAYS),
                confidential != null && confidential);
    }
}

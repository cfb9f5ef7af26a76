package com.carrier.hub.runtime.triggers;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.DefinitionCheck;

/**
 * Checks a triggered campaign's {@code trigger} (PEERS §7.4) when the campaign is created or changed: a configured
 * event type, a condition that compiles against that type's fields ({@link TriggerCondition}, the error's position
 * named), contactWithin and cooldownDays within bounds. Its templates may name the event's fields.
 */
@Component
public class TriggerCheck implements DefinitionCheck {

    /** Shortest and longest {@code trigger.contactWithin}. */
    static final Duration MIN_CONTACT_WITHIN = Duration.ofSeconds(10);
    static final Duration MAX_CONTACT_WITHIN = Duration.ofDays(7);

    private final EventTypes eventTypes;

    public TriggerCheck(EventTypes eventTypes) {
        this.eventTypes = eventTypes;
    }

    @Override
    public Set<String> placeholders(CampaignDefinition c) {
        EventTypes.EventType type = c.trigger() == null || c.trigger().eventType() == null ? null
                : eventTypes.get(c.trigger().eventType());
        return type == null ? Set.of() : new TreeSet<>(type.fields().keySet());
    }

    @Override
    public void check(CampaignDefinition c, List<FieldError> errors) {
        CampaignDefinition.Trigger t = c.trigger();
        if (t == null) {
            return;
        }
        EventTypes.EventType type = null;
        if (t.eventType() == null || t.eventType().isBlank()) {
            errors.add(new FieldError("trigger.eventType", "is required: one of " + eventTypes.names()));
        } else {
            type = eventTypes.get(t.eventType());
            if (type == null) {
                errors.add(new FieldError("trigger.eventType", "unknown event type '" + t.eventType() + "': one of "
                        + eventTypes.names() + " (hub.triggers.event-types)"));
            }
        }
        if (type != null) {
            try {
                TriggerCondition.compile(t.condition(), type);
            } catch (TriggerCondition.Invalid e) {
                errors.add(new FieldError("trigger.condition", e.position() < 0 ? e.getMessage()
                        : "at position " + (e.position() + 1) + ": " + e.getMessage()));
            }
        }
        if (t.contactWithin() == null) {
            errors.add(new FieldError("trigger.contactWithin", "is required (ISO-8601, e.g. PT10M): how soon after the"
                    + " event the customer must be contacted"));
        } else if (t.contactWithin().compareTo(MIN_CONTACT_WITHIN) < 0 || t.contactWithin().compareTo(MAX_CONTACT_WITHIN) > 0) {
            errors.add(new FieldError("trigger.contactWithin", "must be between " + MIN_CONTACT_WITHIN + " and "
                    + MAX_CONTACT_WITHIN + ", got " + t.contactWithin()));
        }
        if (t.cooldownDays() != null && (t.cooldownDays() < 0 || t.cooldownDays() > 365)) {
            errors.add(new FieldError("trigger.cooldownDays", "must be between 0 and 365, got " + t.cooldownDays()));
        }
    }
}

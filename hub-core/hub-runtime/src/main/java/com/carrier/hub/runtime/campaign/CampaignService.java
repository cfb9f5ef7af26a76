package com.carrier.hub.runtime.campaign;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.carrier.hub.runtime.web.StrictJson;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Creates, changes and moves campaigns through their lifecycle.
 *
 * <p>Changing a campaign that already runs: only {@code name}, {@code end} and {@code targets} may change once a
 * campaign is RUNNING or PAUSED (COMPLETED and CANCELLED campaigns do not change at all). Its content — channels,
 * templates, product, control share, rules — is refused with 409 naming the fields, because customers already
 * contacted got the old content and the evaluation compares like with like; create a new campaign instead.
 */
@Service
public class CampaignService {

    /** Fields a running campaign may still change. */
    public static final Set<String> CHANGEABLE_WHILE_RUNNING = Set.of("name", "end", "targets");

    /** The fields of a definition, which a patch may name. */
    private static final Set<String> DEFINITION_FIELDS = Arrays.stream(CampaignDefinition.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    private final CampaignRepository campaigns;
    private final CampaignValidator validator;
    private final ObjectMapper json;
    private final AuditTrail audit;

    /** What the audit trail keeps of a campaign before and after a change: its status, and its definition on edits. */
    record AuditState(CampaignStatus status, Integer version, CampaignDefinition definition) {
        static AuditState of(Campaign c, boolean withDefinition) {
            return new AuditState(c.status(), c.version(), withDefinition ? c.definition() : null);
        }
    }

    public CampaignService(CampaignRepository campaigns, CampaignValidator validator, ObjectMapper json,
                           AuditTrail audit) {
        this.campaigns = campaigns;
        this.validator = validator;
        this.json = json;
        this.audit = audit;
    }

    public Campaign create(CampaignDefinition definition, String actor) {
        List<FieldError> errors = validator.validate(definition);
        if (!errors.isEmpty()) {
            throw new InvalidRequest("campaign " + definition.id() + " is not valid", errors);
        }
        CampaignDefinition d = definition.withDefaults();
        if (!campaigns.insert(d, CampaignStatus.DRAFT, actor)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + d.id() + " already exists");
        }
        Campaign created = get(d.id());
        audit.change(null, AuditState.of(created, true));
        return created;
    }

    public Campaign get(String id) {
        return campaigns.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no campaign " + id));
    }

    public List<Campaign> list(CampaignStatus status) {
        return campaigns.list(status);
    }

    /** A page of campaigns by id or name text, status and type ({@link CampaignRepository#search}). */
    public List<Campaign> search(String text, CampaignStatus status, String type, int offset, int limit) {
        return campaigns.search(text, status, type, offset, limit);
    }

    /** How many campaigns {@link #search} finds. */
    public long count(String text, CampaignStatus status, String type) {
        return campaigns.count(text, status, type);
    }

    /** Applies a JSON merge patch (RFC 7386) to the campaign's definition. */
    public Campaign patch(String id, JsonNode patch, String actor) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequest("a PATCH body is a JSON object of the fields to change", List.of(new FieldError("(body)", "must be a JSON object")));
        }
        Campaign current = get(id);
        if (patch.has("id") && !id.equals(patch.get("id").asText())) {
            throw new InvalidRequest("a campaign's id cannot change", List.of(new FieldError("id", "cannot change (is " + id + ")")));
        }
        if (current.status().isTerminal()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + id + " is " + current.status() + " and cannot change");
        }
        // a field removed with null never reaches the mapper, so its name is checked here
        List<FieldError> unknown = new ArrayList<>();
        patch.fieldNames().forEachRemaining(name -> {
            if (!DEFINITION_FIELDS.contains(name)) {
                unknown.add(new FieldError(name, "unknown field '" + name + "'; known fields: " + new TreeSet<>(DEFINITION_FIELDS)));
            }
        });
        if (!unknown.isEmpty()) {
            throw new InvalidRequest("campaign " + id + ": the patch names fields a campaign does not have", unknown);
        }
        ObjectNode merged = json.valueToTree(current.definition());
        merge(merged, patch);
        CampaignDefinition candidate;
        try {
            candidate = json.treeToValue(merged, CampaignDefinition.class);
        } catch (JsonMappingException e) {
            throw new InvalidRequest("campaign " + id + ": the patch does not fit the definition",
                    List.of(StrictJson.fieldError(e)));
        } catch (Exception e) {
            throw new InvalidRequest("campaign " + id + ": the patch does not fit the definition",
                    List.of(new FieldError("(body)", e.getMessage())));
        }
        if (!current.status().isEditable()) {
            Set<String> changed = changedFields(json.valueToTree(current.definition()), merged);
            changed.removeAll(CHANGEABLE_WHILE_RUNNING);
            if (!changed.isEmpty()) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + id + " is " + current.status()
                        + ": " + changed + " cannot change once it runs (customers already contacted got the current content);"
                        + " only " + new TreeSet<>(CHANGEABLE_WHILE_RUNNING) + " may; create a new campaign for new content");
            }
        }
        List<FieldError> errors = validator.validate(candidate);
        if (!errors.isEmpty()) {
            throw new InvalidRequest("campaign " + id + " would not be valid", errors);
        }
        if (!campaigns.update(candidate.withDefaults(), current.version())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "campaign " + id + " was changed meanwhile; read it again and retry");
        }
        Campaign changed = get(id);
        audit.change(AuditState.of(current, true), AuditState.of(changed, true));
        return changed;
    }

    /** Runs an operator action (schedule, start, pause, resume, complete, cancel). */
    public Campaign act(String id, String actionName, String actor) {
        CampaignStatus.Action action = CampaignStatus.Action.of(actionName);
        if (action == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no campaign action '" + actionName
                    + "'; actions: schedule, start, pause, resume, complete, cancel");
        }
        Campaign current = get(id);
        if (!campaigns.transition(id, action.from(), action.to(), actor, action.name().toLowerCase())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "cannot " + action.name().toLowerCase() + " campaign " + id
                    + ": it is " + current.status() + ", and " + action.name().toLowerCase() + " needs " + action.from());
        }
        Campaign after = get(id);
        audit.change(AuditState.of(current, false), AuditState.of(after, false));
        return after;
    }

    private static void merge(ObjectNode target, JsonNode patch) {
        Iterator<String> names = patch.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode value = patch.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && target.get(name) instanceof ObjectNode child) {
                merge(child, value);
            } else {
                target.set(name, value);
            }
        }
    }

    private static Set<String> changedFields(JsonNode before, JsonNode after) {
        Set<String> changed = new TreeSet<>();
        List<String> names = new ArrayList<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String n : names) {
            if (!java.util.Objects.equals(before.get(n), after.get(n))) {
                changed.add(n);
            }
        }
        return changed;
    }
}

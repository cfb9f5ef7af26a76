package com.carrier.hub.runtime.governance;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.governance.GovernanceProperties.Level;
import com.carrier.hub.runtime.governance.GovernanceProperties.Step;

/**
 * Which approvals a campaign needs ({@code hub.governance.approval}): the steps of the first rule matching its type,
 * its unit's level and its scale, each resolved to the unit whose members (or those of a unit above) approve it.
 */
@Component
public class ApprovalChains {

    /** One step of a chain: what the settings call it and the unit that approves it. */
    public record ChainStep(Step step, String unit) {

        /** As stored in the approval history: {@code CITY:FZ}. */
        @Override
        public String toString() {
            return step + ":" + unit;
        }

        static ChainStep parse(String s) {
            int colon = s.indexOf(':');
            return new ChainStep(Step.valueOf(s.substring(0, colon)), s.substring(colon + 1));
        }
    }

    private final GovernanceProperties properties;
    private final OrgUnits units;

    public ApprovalChains(GovernanceProperties properties, OrgUnits units) {
        this.properties = properties;
        this.units = units;
    }

    /** Whether campaigns must be approved before they are scheduled. */
    public boolean enabled() {
        return properties.getApproval().isEnabled();
    }

    /**
     * The chain of a campaign of {@code type} owned by {@code owner} with {@code targets} targets. Steps that resolve to
     * the same unit as the step before are one step (a city's own campaign needs its city's approval once).
     */
    public List<ChainStep> chain(String type, String owner, long targets) {
        OrgUnits.Unit unit = units.unit(owner);
        if (unit == null) {
            throw new IllegalStateException("no organisation unit " + owner);
        }
        List<Step> steps = properties.getApproval().getRules().stream()
                .filter(r -> r.matches(type, unit.level(), targets)).findFirst()
                .map(GovernanceProperties.Rule::getSteps).orElse(properties.getApproval().getDefaultSteps());
        List<ChainStep> chain = new ArrayList<>();
        for (Step s : steps) {
            String approver = switch (s) {
                case OWNER -> unit.code();
                case CITY -> units.at(unit.code(), Level.CITY).code();
                case PROVINCE -> units.at(unit.code(), Level.PROVINCE).code();
            };
            if (chain.isEmpty() || !chain.get(chain.size() - 1).unit().equals(approver)) {
                chain.add(new ChainStep(s, approver));
            }
        }
        return chain;
    }

    /** Reads a chain as the approval history stores it ({@code OWNER:MH,CITY:FZ}). */
    public static List<ChainStep> parse(String stored) {
        List<ChainStep> chain = new ArrayList<>();
        if (stored != null && !stored.isBlank()) {
            for (String s : stored.split(",")) {
                chain.add(ChainStep.parse(s));
            }
        }
        return chain;
    }

    /** Writes a chain for the approval history. */
    public static String format(List<ChainStep> chain) {
        return String.join(",", chain.stream().map(ChainStep::toString).toList());
    }
}

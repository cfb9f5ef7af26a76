package com.carrier.hub.runtime.governance;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Campaign governance (README "Governance"): the organisation units (province → city → county) that own campaigns,
 * how campaigns are numbered, and the approval chain a campaign passes before it may be scheduled. A user's unit is
 * {@code hub.security.users.<name>.unit}.
 */
@ConfigurationProperties("hub.governance")
@Validated
public class GovernanceProperties {

    /**
     * The organisation units, a tree with exactly one root (the province); a unit's depth is its level: PROVINCE, CITY,
     * COUNTY. Written to the database at start (imported units, {@code POST /api/org-units}, are kept beside them).
     * Default: the sandbox's Fujian province with two cities (Fuzhou, Xiamen) and one county (Minhou, in Fuzhou).
     */
    @Valid
    private List<Unit> units = new ArrayList<>(List.of(
            new Unit("FJ", "福建省", null),
            new Unit("FZ", "福州市", "FJ"),
            new Unit("XM", "厦门市", "FJ"),
            new Unit("MH", "闽侯县", "FZ")));

    /** How campaigns are numbered. */
    @Valid
    private final Numbering numbering = new Numbering();

    /** The approval a campaign needs before it may be scheduled. */
    @Valid
    private final Approval approval = new Approval();

    public List<Unit> getUnits() { return units; }
    public void setUnits(List<Unit> units) { this.units = units; }
    public Numbering getNumbering() { return numbering; }
    public Approval getApproval() { return approval; }

    /** The levels of the unit tree, by depth. */
    public enum Level { PROVINCE, CITY, COUNTY }

    /** One organisation unit. */
    public static class Unit {

        /** Its code: letters, digits, '-' and '_', at most 32 (it appears in campaign numbers). */
        @NotBlank
        @Pattern(regexp = OrgUnits.CODE_PATTERN)
        private String code;

        /** Its name, for people. */
        @NotBlank
        private String name;

        /** The code of the unit above it; empty for the root (the province). */
        private String parent;

        public Unit() {
        }

        public Unit(String code, String name, String parent) {
            this.code = code;
            this.name = name;
            this.parent = parent;
        }

        public String getCode() { return code; }
        public void setCode(String code) { this.code = code; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getParent() { return parent; }
        public void setParent(String parent) { this.parent = parent; }
    }

    /** Campaign numbers. */
    public static class Numbering {

        /**
         * The pattern of a campaign's number: {@code <unit>} (the creating unit's code), {@code <city>} (the city it is
         * in, or the unit itself above city level), {@code <province>} (the root's code), {@code <yyyy>} (the year of
         * creation, Asia/Shanghai) and {@code <seqN>} (the sequence, N digits, zero-padded). The sequence counts per
         * series — the number with its sequence left out — so it is unique and gap-free per unit (or city) and year.
         */
        @NotBlank
        @Pattern(regexp = ".*<seq[1-9]>.*", message = "must contain <seqN> (the sequence, N digits)")
        private String pattern = "YX-<city>-<yyyy>-<seq5>";

        public String getPattern() { return pattern; }
        public void setPattern(String pattern) { this.pattern = pattern; }
    }

    /**
     * Approval: with {@code enabled}, a campaign is submitted (DRAFT → SUBMITTED), approved step by step along its chain
     * (→ APPROVED) or rejected (→ DRAFT), and only an APPROVED campaign may be scheduled. The chain is the steps of the
     * first rule that matches the campaign, or {@code default-steps}.
     */
    public static class Approval {

        /**
         * Whether campaigns need approval before they are scheduled. Off by default (the sandbox and the tests create
         * and start campaigns directly); production turns it on with {@code HUB_GOVERNANCE_APPROVAL_ENABLED=true}.
         */
        private boolean enabled = false;

        /** The chain of a campaign no rule matches: by default one approval in its own unit or above. */
        @NotEmpty
        private List<Step> defaultSteps = new ArrayList<>(List.of(Step.OWNER));

        /**
         * Rules by campaign type, owning unit's level and scale, the first match wins. Default: a county's PROMOTION of
         * more than 100,000 targets needs its city's and then the province's approval.
         */
        @Valid
        private List<Rule> rules = new ArrayList<>(List.of(new Rule(List.of("PROMOTION"), Level.COUNTY, 100_000L,
                List.of(Step.CITY, Step.PROVINCE))));

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<Step> getDefaultSteps() { return defaultSteps; }
        public void setDefaultSteps(List<Step> defaultSteps) { this.defaultSteps = defaultSteps; }
        public List<Rule> getRules() { return rules; }
        public void setRules(List<Rule> rules) { this.rules = rules; }
    }

    /**
     * An approval step: the unit whose members (or those of a unit above it) approve. OWNER is the campaign's own unit;
     * CITY and PROVINCE the city and the province it belongs to (the own unit where it is at or above that level).
     */
    public enum Step { OWNER, CITY, PROVINCE }

    /** When a campaign needs which approval steps. */
    public static class Rule {

        /** Campaign types the rule applies to (PROMOTION, TARIFF, PUBLICITY, POINTS); empty: every type. */
        private List<String> types = new ArrayList<>();

        /** The level of the creating unit the rule applies to; empty: every level. */
        private Level unitLevel;

        /** The rule applies when the campaign has more targets than this at submission; empty: at any scale. */
        private Long targetsAbove;

        /** The steps, in order. */
        @NotEmpty
        private List<Step> steps = new ArrayList<>();

        public Rule() {
        }

        public Rule(List<String> types, Level unitLevel, Long targetsAbove, List<Step> steps) {
            this.types = new ArrayList<>(types);
            this.unitLevel = unitLevel;
            this.targetsAbove = targetsAbove;
            this.steps = new ArrayList<>(steps);
        }

        public List<String> getTypes() { return types; }
        public void setTypes(List<String> types) { this.types = types; }
        public Level getUnitLevel() { return unitLevel; }
        public void setUnitLevel(Level unitLevel) { this.unitLevel = unitLevel; }
        public Long getTargetsAbove() { return targetsAbove; }
        public void setTargetsAbove(Long targetsAbove) { this.targetsAbove = targetsAbove; }
        public List<Step> getSteps() { return steps; }
        public void setSteps(List<Step> steps) { this.steps = steps; }

        /** Whether the rule applies to a campaign of this type, created by a unit of this level, with this many targets. */
        public boolean matches(String type, Level level, long targets) {
            return (types.isEmpty() || types.stream().anyMatch(t -> t.equalsIgnoreCase(type)))
                    && (unitLevel == null || unitLevel == level)
                    && (targetsAbove == null || targets > targetsAbove);
        }
    }
}

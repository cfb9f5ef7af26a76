package com.carrier.hub.runtime.governance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.carrier.hub.runtime.governance.GovernanceProperties.Level;
import com.carrier.hub.runtime.governance.GovernanceProperties.Rule;
import com.carrier.hub.runtime.governance.GovernanceProperties.Step;

class GovernancePropertiesTest {

    @Test
    void theShippedRuleSendsOnlyACountysPromotionOfMoreThan100000TargetsUpToCityAndProvince() {
        GovernanceProperties p = new GovernanceProperties();
        assertThat(p.getApproval().isEnabled()).isFalse();
        Rule rule = p.getApproval().getRules().get(0);
        assertThat(rule.getSteps()).containsExactly(Step.CITY, Step.PROVINCE);
        assertThat(rule.matches("PROMOTION", Level.COUNTY, 100_001)).isTrue();
        assertThat(rule.matches("promotion", Level.COUNTY, 100_001)).isTrue();
        assertThat(rule.matches("PROMOTION", Level.COUNTY, 100_000)).isFalse();
        assertThat(rule.matches("TARIFF", Level.COUNTY, 500_000)).isFalse();
        assertThat(rule.matches("PROMOTION", Level.CITY, 500_000)).isFalse();
        assertThat(p.getApproval().getDefaultSteps()).containsExactly(Step.OWNER);
    }

    @Test
    void theSandboxTreeHasOneProvinceTwoCitiesAndACounty() {
        GovernanceProperties p = new GovernanceProperties();
        assertThat(p.getUnits()).extracting(GovernanceProperties.Unit::getCode).containsExactly("FJ", "FZ", "XM", "MH");
        assertThat(p.getUnits()).filteredOn(u -> u.getParent() == null).hasSize(1);
        assertThat(p.getNumbering().getPattern()).isEqualTo("YX-<city>-<yyyy>-<seq5>");
    }
}

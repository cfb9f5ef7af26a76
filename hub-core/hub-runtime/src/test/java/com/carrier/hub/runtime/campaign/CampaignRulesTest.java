package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.carrier.hub.runtime.campaign.CampaignDefinition.QuietHours;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;

class CampaignRulesTest {

    @Test
    void controlGroupIsDeterministicAndNearItsShare() {
        int control = 0;
        for (int i = 0; i < 100_000; i++) {
            String msisdn = "138" + String.format("%08d", i);
            boolean c = ControlGroup.isControl("C-1", msisdn, 5);
            assertThat(ControlGroup.isControl("C-1", msisdn, 5)).isEqualTo(c);
            control += c ? 1 : 0;
        }
        assertThat(control).isBetween(4_700, 5_300);
        assertThat(ControlGroup.isControl("C-1", "13800000001", 0)).isFalse();
    }

    @Test
    void controlGroupDependsOnTheCampaign() {
        int differ = 0;
        for (int i = 0; i < 10_000; i++) {
            String msisdn = "139" + String.format("%08d", i);
            if (ControlGroup.isControl("A", msisdn, 50) != ControlGroup.isControl("B", msisdn, 50)) {
                differ++;
            }
        }
        assertThat(differ).isBetween(4_000, 6_000);
    }

    @Test
    void templateFillsValuesAndFailsOnAMissingOneInsteadOfSendingThePlaceholder() {
        assertThat(TemplateRenderer.render("尊敬的${name}，套餐${attr1}元", Map.of("name", "张三", "attr1", "129")).text())
                .isEqualTo("尊敬的张三，套餐129元");
        TemplateRenderer.Result missing = TemplateRenderer.render("尊敬的${name}", Map.of("name", " "));
        assertThat(missing.ok()).isFalse();
        assertThat(missing.failure()).isEqualTo("MISSING_VALUE:name");
        assertThat(TemplateRenderer.render("$5 off ${attr1}", Map.of("attr1", "$x\\y")).text()).isEqualTo("$5 off $x\\y");
    }

    @Test
    void quietHoursWrapMidnightInShanghaiTime() {
        QuietHours q = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
        Instant at2230 = Instant.parse("2026-11-22T14:30:00Z"); // 22:30 +08
        Instant at0700 = Instant.parse("2026-11-22T23:00:00Z"); // 07:00 +08 next day
        Instant at1200 = Instant.parse("2026-11-22T04:00:00Z"); // 12:00 +08
        assertThat(QuietHoursClock.isQuiet(at2230, q)).isTrue();
        assertThat(QuietHoursClock.isQuiet(at0700, q)).isTrue();
        assertThat(QuietHoursClock.isQuiet(at1200, q)).isFalse();
        assertThat(QuietHoursClock.nextAllowed(at2230, q)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z")); // 08:00 +08
        assertThat(QuietHoursClock.nextAllowed(at0700, q)).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(QuietHoursClock.nextAllowed(at1200, q)).isEqualTo(at1200);
    }

    @Test
    void channelFollowsTheClassOrderWithinTheCampaignAndAroundBlocks() {
        ChannelPreferences prefs = new ChannelPreferences();
        Set<String> smsPortal = Set.of("SMS", "PORTAL");
        assertThat(prefs.choose(1, smsPortal, Set.of())).isEqualTo("SMS");
        assertThat(prefs.choose(4, smsPortal, Set.of())).isEqualTo("PORTAL");
        assertThat(prefs.choose(1, smsPortal, Set.of("SMS"))).isEqualTo("PORTAL");
        assertThat(prefs.choose(3, Set.of("PORTAL"), Set.of())).isNull();
        assertThat(prefs.choose(2, Set.of("MM", "SMS"), Set.of())).isEqualTo("MM");
    }
}

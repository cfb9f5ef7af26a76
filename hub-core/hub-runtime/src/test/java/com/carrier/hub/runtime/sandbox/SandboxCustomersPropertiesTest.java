package com.carrier.hub.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code hub.sandbox.customers.*} binds with its defaults, refuses a misspelt setting by name, and refuses delays and
 * reply mixes that cannot be; the customers' choices and delays are fixed by the seed and the MSISDN.
 */
class SandboxCustomersPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SandboxCustomersProperties.class)
    static class Bind {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bind.class);

    @Test
    void bindsWithItsDefaults() {
        runner.run(context -> {
            SandboxCustomersProperties p = context.getBean(SandboxCustomersProperties.class);
            assertThat(p.isEnabled()).isTrue();
            assertThat(p.getReplyShare()).isEqualTo(0.3);
            assertThat(p.getOrderShareContacted()).isGreaterThan(p.getOrderShareNotContacted());
            assertThat(p.getMinDelay()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.getDemoTargets()).isEqualTo(2000);
        });
    }

    @Test
    void refusesAMisspeltSettingByName() {
        runner.withPropertyValues("hub.sandbox.customers.reply-shares=0.5").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("reply-shares"));
    }

    @Test
    void refusesImpossibleDelaysAndReplyMixes() {
        runner.withPropertyValues("hub.sandbox.customers.min-delay=10s", "hub.sandbox.customers.max-delay=5s")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("min-delay must be at least 1s"));
        runner.withPropertyValues("hub.sandbox.customers.accept-share=0.8", "hub.sandbox.customers.unsubscribe-share=0.3")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("together at most 1"));
        runner.withPropertyValues("hub.sandbox.customers.reply-share=1.5")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("replyShare"));
    }

    @Test
    void aCustomersChoicesAndDelaysAreFixedByTheSeedAndSpreadBetweenTheBounds() {
        SandboxCustomersProperties p = new SandboxCustomersProperties();
        SandboxCustomers customers = new SandboxCustomers(null, p, null, null, null);
        SandboxCustomers again = new SandboxCustomers(null, p, null, null, null);
        int replying = 0;
        for (int i = 0; i < 10_000; i++) {
            String msisdn = "1380000" + String.format("%04d", i);
            assertThat(customers.chance("reply", msisdn)).isEqualTo(again.chance("reply", msisdn));
            assertThat(customers.delay("reply", msisdn)).isBetween(p.getMinDelay(), p.getMaxDelay());
            if (customers.chance("reply", msisdn) < p.getReplyShare()) {
                replying++;
            }
        }
        assertThat(replying / 10_000.0).as("the share of customers who reply").isCloseTo(0.3, within(0.02));
        double before = customers.chance("reply", "13800000001");
        p.setSeed(20);
        assertThat(customers.chance("reply", "13800000001")).as("another seed, other choices").isNotEqualTo(before);
    }
}

package com.carrier.hub.runtime.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.carrier.hub.runtime.HubApplication;

/** The prod profile without its database settings stops at once and names the variables, without a stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseStartupTest {

    @Test
    void prodWithoutADatabaseUrlNamesHubDbUrlInOneLine(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplication(HubApplication.class)
                .run("--spring.profiles.active=prod", "--server.port=0"))
                .isInstanceOf(MissingDatabaseSettings.class);
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .containsPattern("the hub's database is not configured for profile\\(s\\) \\[prod\\]: set HUB_DB_URL,"
                        + " HUB_DB_USERNAME, HUB_DB_PASSWORD \\(")
                .doesNotContain("\tat ", "Caused by", "PlaceholderResolutionException", "Could not resolve placeholder");
    }

    @Test
    void onlyTheMissingVariablesAreNamed(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplication(HubApplication.class)
                .run("--spring.profiles.active=prod", "--server.port=0", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/hub",
                        "--spring.datasource.username=hub"))
                .isInstanceOf(MissingDatabaseSettings.class)
                .hasMessageContaining("set HUB_DB_PASSWORD (");
        assertThat(output.getAll()).doesNotContain("\tat ");
    }
}

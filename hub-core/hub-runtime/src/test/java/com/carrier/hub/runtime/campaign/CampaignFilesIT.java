package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Campaign definitions as files dropped in the inbox folder, by the shipped route. Every sandbox context polls its
 * inbox folder: a test class with other properties (another cached context, another database) must name its own
 * {@code hub.campaigns.inbox-dir}, or it may take these files first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.routes.dir=../../routes", "hub.routes.retry.initial-delay=10ms"})
@ActiveProfiles("sandbox")
class CampaignFilesIT {

    @Autowired
    CampaignRepository campaigns;
    @Value("${hub.campaigns.inbox-dir:var/campaigns/inbox}")
    String inbox;

    @Test
    void validFileBecomesADraftAndInvalidOneIsQuarantinedWithItsReasons() throws Exception {
        Path dir = Files.createDirectories(Path.of(inbox));
        String good = "FILE-" + UUID.randomUUID().toString().substring(0, 8);
        String bad = "FILE-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve(good + ".json"), """
                {"id":"%s","name":"文件活动","type":"PROMOTION","productId":"P1","channels":["SMS"],
                 "templates":{"SMS":{"text":"${name}您好"}},"sourceAddress":"10658001",
                 "start":"2026-12-01T08:00:00+08:00","end":"2026-12-31T08:00:00+08:00"}""".formatted(good));
        Files.writeString(dir.resolve(bad + ".json"), """
                {"id":"%s","name":"坏文件","type":"PROMOTION","productId":"P1","channels":["SMS","FAX"],
                 "templates":{"SMS":{"text":"${nmae}您好"}},"sourceAddress":"10658001",
                 "start":"2026-12-01T08:00:00+08:00","end":"2026-11-01T08:00:00+08:00"}""".formatted(bad));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(dir.resolve("done/" + good + ".json")).exists();
            assertThat(dir.resolve("quarantine/" + bad + ".json")).exists();
        });
        assertThat(campaigns.find(good)).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(CampaignStatus.DRAFT));
        assertThat(campaigns.find(bad)).isEmpty();
        String reason = Files.readString(dir.resolve("quarantine/" + bad + ".json.reason"));
        assertThat(reason).contains("channels[1]", "FAX", "templates.SMS.text", "${nmae}", "end");
    }
}

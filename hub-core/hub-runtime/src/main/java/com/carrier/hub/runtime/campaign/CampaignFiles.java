package com.carrier.hub.runtime.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.runtime.audit.AuditTrail;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Campaign definitions dropped as JSON files into the campaign inbox folder (route
 * {@code campaign-definitions-from-folder}): a valid one is created as a DRAFT and its file moves to {@code done/};
 * an invalid one moves to {@code quarantine/} beside a {@code NAME.reason} file naming each wrong field.
 */
@Component("campaignFiles")
public class CampaignFiles {

    /** Header the route's move option reads: {@code done} or {@code quarantine}. */
    public static final String OUTCOME = "HubFileOutcome";

    private static final Logger LOG = LoggerFactory.getLogger(CampaignFiles.class);

    private final CampaignService campaigns;
    private final ObjectMapper json;
    private final AuditTrail audit;

    public CampaignFiles(CampaignService campaigns, ObjectMapper json, AuditTrail audit) {
        this.campaigns = campaigns;
        this.json = json;
        this.audit = audit;
    }

    public void importFile(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Path folder = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class));
        String reason;
        try {
            CampaignDefinition definition = json.readValue(exchange.getMessage().getBody(byte[].class), CampaignDefinition.class);
            Campaign created = campaigns.create(definition, "file:" + name);
            exchange.getMessage().setHeader(OUTCOME, "done");
            audit.record(AuditTrail.SYSTEM, "campaigns.create-from-file", created.id(), null,
                    CampaignService.AuditState.of(created, true), "created from the campaign inbox file " + name);
            LOG.info("campaign {} created from {}", created.id(), name);
            return;
        } catch (InvalidRequest e) {
            reason = e.getMessage() + ":\n" + e.errors().stream().map(f -> f.property() + ": " + f.message())
                    .collect(Collectors.joining("\n"));
        } catch (ResponseStatusException e) {
            reason = e.getReason();
        } catch (JsonProcessingException e) {
            reason = "not a campaign definition: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        Path quarantine = Files.createDirectories(folder.resolve("quarantine"));
        Files.writeString(quarantine.resolve(name + ".reason"), name + ": " + reason + "\n", StandardCharsets.UTF_8);
        exchange.getMessage().setHeader(OUTCOME, "quarantine");
        audit.record(AuditTrail.SYSTEM, "campaigns.create-from-file", null, AuditTrail.REFUSED, null, null,
                "the campaign inbox file " + name + " was quarantined: " + reason.replace('\n', ' '));
        LOG.warn("campaign file {} quarantined: {}", name, reason.replace('\n', ' '));
    }
}

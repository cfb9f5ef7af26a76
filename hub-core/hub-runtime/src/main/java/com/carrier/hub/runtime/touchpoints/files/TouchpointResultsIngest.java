package com.carrier.hub.runtime.touchpoints.files;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.ResponseEventSink;
import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.sftp.SftpFolder;
import com.carrier.hub.batchfile.camel.FeedIngestProcessor;
import com.carrier.hub.runtime.peers.SftpPeerConnector;
import com.carrier.hub.runtime.peers.SftpPeerProperties;

/**
 * The step that takes a file-based touchpoint's result file into the response store, for every touchpoint declared
 * under {@code hub.touchpoints.results}: the batch-file engine runs the touchpoint's feed on the file (control file,
 * reject file {@code NAME.rej}, quarantine, processed once, the pair moved to {@code done/} or {@code quarantine/} on
 * the peer's server, reconciliation at {@code GET /api/files}) and {@link TouchpointResultStage} publishes the valid
 * rows as response events of the touchpoint's channel. Routes call it through the {@code touchpoint-results-action}
 * Kamelet, which names the touchpoint in the {@value #TOUCHPOINT} header.
 */
public class TouchpointResultsIngest implements Processor {

    /**
     * Header naming the touchpoint whose result file the exchange carries; not {@code HubTouchpoint}, which marks a
     * dispatcher's slice that HubErrorHandling leaves to fail back: a result file's exchange gets the routes' usual
     * retry and dead letter.
     */
    public static final String TOUCHPOINT = "HubResultsTouchpoint";

    private static final Logger LOG = LoggerFactory.getLogger(TouchpointResultsIngest.class);

    private final Map<String, FeedIngestProcessor> feeds = new LinkedHashMap<>();
    private final Map<String, String> unconfigured = new LinkedHashMap<>();

    /**
     * Checks every declaration now (a wrong one fails start-up, naming its property) and prepares the feeds of those
     * whose peer is configured.
     *
     * @param peers the SFTP peers of {@code hub.peers} that have a host (each registered as a connector)
     */
    public TouchpointResultsIngest(TouchpointResultsProperties results, List<SftpPeerConnector> peers, BatchFileEngine engine,
                                   JdbcTemplate jdbc, ResponseEventSink sink, IdempotentRepository claims) {
        results.getResults().forEach((touchpoint, declared) -> {
            List<String> problems = declared.problems(touchpoint);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            FeedDefinition feed = declared.feed(touchpoint);
            SftpPeerProperties settings = peers.stream().filter(p -> p.id().equals(declared.getPeer())).findFirst()
                    .map(SftpPeerConnector::properties).orElse(null);
            if (settings == null) {
                String why = "peer " + declared.getPeer() + " is not configured (hub.peers." + declared.getPeer() + ".host)";
                unconfigured.put(touchpoint, why);
                LOG.info("touchpoint {}: result files not read: {}", touchpoint, why);
                return;
            }
            SftpFolder.Opener folders = directory -> SftpFolder.open(settings, directory);
            feeds.put(touchpoint, new FeedIngestProcessor(feed, engine,
                    (compiled, fileName) -> new TouchpointResultStage(touchpoint, declared, jdbc, sink), folders, claims));
        });
    }

    /** The touchpoints whose result files are read. */
    public List<String> touchpoints() {
        return List.copyOf(feeds.keySet());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String touchpoint = exchange.getMessage().getHeader(TOUCHPOINT, String.class);
        FeedIngestProcessor feed = touchpoint == null ? null : feeds.get(touchpoint);
        if (feed == null) {
            String why = unconfigured.containsKey(touchpoint) ? unconfigured.get(touchpoint)
                    : "declared result feeds with a configured peer are " + feeds.keySet() + " (hub.touchpoints.results)";
            throw new IllegalArgumentException("touchpoint results: no result feed for touchpoint '" + touchpoint
                    + "' (header " + TOUCHPOINT + "): " + why);
        }
        feed.process(exchange);
    }
}

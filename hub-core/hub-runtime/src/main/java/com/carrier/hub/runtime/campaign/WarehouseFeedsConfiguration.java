package com.carrier.hub.runtime.campaign;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.FileGate;
import com.carrier.hub.batchfile.PullStage;
import com.carrier.hub.batchfile.camel.FeedIngestProcessor;
import com.carrier.hub.connector.warehouse.WarehouseConnector;

/**
 * The processor of the warehouse target-list route (PEERS.md §2.1): a list whose campaign the hub does not know is
 * quarantined whole ({@code UNKNOWN_CAMPAIGN}), as is one for a finished campaign ({@code CAMPAIGN_FINISHED});
 * otherwise the engine verifies and validates it and hands its valid rows to the campaign engine's
 * {@link TargetListService}, which takes the list whole in one transaction once the file is known good (a quarantined
 * file rolls it back). The list id is the data file's name.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.connectors.warehouse", name = "host")
@ConditionalOnProperty(prefix = "hub.connectors.warehouse", name = "enabled", havingValue = "true", matchIfMissing = true)
public class WarehouseFeedsConfiguration {

    static final Pattern TARGET_LIST = Pattern.compile("TGT_(.+)_\\d{8}_\\d{4}\\.dat");

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService hubTargetListWorkers() {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "target-list-take");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    public Processor warehouseTargetListIngest(WarehouseConnector warehouse, BatchFileEngine engine,
                                               @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims,
                                               CampaignRepository campaigns, TargetListService targetLists,
                                               ListDecisionGate decisions,
                                               @Qualifier("hubTargetListWorkers") ExecutorService workers) {
        FileGate knownCampaign = fileName -> {
            Matcher m = TARGET_LIST.matcher(fileName);
            if (!m.matches()) {
                return Optional.empty(); // the engine refuses names outside the feed's pattern itself
            }
            Optional<Campaign> campaign = campaigns.find(m.group(1));
            if (campaign.isEmpty()) {
                return Optional.of(new FileGate.Refusal("UNKNOWN_CAMPAIGN",
                        fileName + ": campaign " + m.group(1) + " is not known to the hub"));
            }
            if (campaign.get().status().isTerminal()) {
                return Optional.of(new FileGate.Refusal("CAMPAIGN_FINISHED",
                        fileName + ": campaign " + m.group(1) + " is " + campaign.get().status() + " and takes no more lists"));
            }
            return Optional.empty();
        };
        return new FeedIngestProcessor(warehouse.properties().feed("target-list"), engine,
                (feed, fileName) -> {
                    Matcher m = TARGET_LIST.matcher(fileName);
                    String campaignId = m.matches() ? m.group(1) : fileName;
                    // BAD_MSISDN rows are targeted and excluded (PEERS §7.2 step 1), so the list takes them too
                    return new PullStage<>(rows -> decisions.inTurn(campaignId, fileName,
                            () -> targetLists.accept(campaignId, fileName, targetRows(rows))), workers)
                            .passing("BAD_MSISDN");
                },
                warehouse.folders(), claims).withGate(knownCampaign);
    }

    /** msisdn|segment|score|attr1|attr2|attr3, empty values as null. */
    static Iterator<TargetRow> targetRows(Iterator<PullStage.Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public TargetRow next() {
                PullStage.Row r = rows.next();
                if (r.rejectCode() != null) {
                    // the number is in the reject file; here an empty one, which the list codes BAD_MSISDN again
                    return new TargetRow(r.lineNumber(), "", null, null, null, null, null);
                }
                String[] f = r.fields();
                return new TargetRow(r.lineNumber(), f[0], blank(f[1]), blank(f[2]), blank(f[3]), blank(f[4]), blank(f[5]));
            }
        };
    }

    private static String blank(String v) {
        return v == null || v.isEmpty() ? null : v;
    }
}

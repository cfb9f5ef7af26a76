package com.carrier.hub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.carrier.hub.runtime.HubApplication;
import com.carrier.hub.runtime.routes.RouteFile;
import com.carrier.hub.runtime.routes.RouteFileLoader;
import com.carrier.hub.runtime.routes.RouteLifecycle;
import com.carrier.hub.runtime.routes.RouteVersions;

/**
 * Applying one route file while its consumer is idle: the sandbox hub (embedded PostgreSQL, every simulator, the
 * shipped routes/) is started in this JVM, then each measured file is applied {@code --rounds} times through
 * {@link RouteLifecycle#apply} (validate, drain and stop its routes, start the new version, keep the version). Files:
 * a Kafka consumer (network-events-to-triggered-campaigns), an SFTP poller (boss-customer-delta-to-customer-index) and a
 * scheduler round (campaign-dispatch). Baseline in the same run: Camel's own stop and start of the same routes
 * ({@code RouteController.stopRoute}/{@code startRoute}, the default graceful stop), no validation, no version.
 */
public class RouteApplyBench implements BenchScenario {

    private static final List<String> FILES = List.of("network-events-to-triggered-campaigns.yaml",
            "boss-customer-delta-to-customer-index.yaml", "campaign-dispatch.yaml");

    @Override
    public String name() {
        return "route-apply";
    }

    @Override
    public String usage() {
        return "apply one route file (idle consumer) through the route lifecycle vs Camel's own stop+start of its routes;"
                + " --rounds N (5)";
    }

    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        int rounds = options.getInt("rounds", 5);
        Path work = Files.createTempDirectory("bench-route-apply");
        Path root = Path.of("").toAbsolutePath();
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
                .profiles("sandbox")
                .run("--server.port=0", "--hub.database.data-dir=" + work.resolve("db"), "--hub.database.fresh=true",
                        "--hub.routes.dir=" + root.resolve("routes"), "--hub.campaigns.inbox-dir=" + work.resolve("inbox"),
                        "--logging.level.root=WARN", "--hub.sandbox.customers.enabled=false")) {
            RouteLifecycle lifecycle = hub.getBean(RouteLifecycle.class);
            RouteFileLoader loader = hub.getBean(RouteFileLoader.class);
            RouteVersions versions = hub.getBean(RouteVersions.class);
            CamelContext camel = hub.getBean(CamelContext.class);
            Map<String, Object> out = new LinkedHashMap<>();
            for (String file : FILES) {
                String text = versions.version(file, versions.current(file).orElseThrow().version()).orElseThrow().content();
                List<String> routeIds = loader.file(file).map(RouteFile::routeIds).orElseThrow();
                List<Double> apply = new ArrayList<>();
                List<Double> bare = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    lifecycle.apply(file, "# bench round " + i + "\n" + text, "bench", null, RouteVersions.Source.API, null);
                    apply.add((System.nanoTime() - t0) / 1e6);

                    List<String> ids = loader.file(file).map(RouteFile::routeIds).orElseThrow();
                    long b0 = System.nanoTime();
                    for (String id : ids) {
                        camel.getRouteController().stopRoute(id);
                    }
                    for (String id : ids) {
                        camel.getRouteController().startRoute(id);
                    }
                    bare.add((System.nanoTime() - b0) / 1e6);
                }
                Collections.sort(apply);
                Collections.sort(bare);
                String key = file.replace(".yaml", "");
                System.out.printf("%-45s routes %d: apply p50 %,.0f ms, max %,.0f ms | Camel stop+start p50 %,.0f ms, max %,.0f ms%n",
                        file, routeIds.size(), apply.get(rounds / 2), apply.get(rounds - 1), bare.get(rounds / 2),
                        bare.get(rounds - 1));
                out.put(key + "_apply_p50_ms", Math.round(apply.get(rounds / 2)));
                out.put(key + "_apply_max_ms", Math.round(apply.get(rounds - 1)));
                out.put(key + "_camel_restart_p50_ms", Math.round(bare.get(rounds / 2)));
            }
            return out;
        }
    }
}

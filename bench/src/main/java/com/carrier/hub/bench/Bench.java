package com.carrier.hub.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Entry point of {@code bench/run}: finds the scenario by name, runs it, prints the RESULT line. */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, BenchScenario> scenarios = new TreeMap<>();
        ServiceLoader.load(BenchScenario.class).forEach(s -> scenarios.put(s.name(), s));
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("usage: bench/run <scenario> [--option value …]");
            System.out.println("scenarios:");
            scenarios.values().forEach(s -> System.out.println("  " + s.name() + "  " + s.usage()));
            return;
        }
        BenchScenario scenario = scenarios.get(args[0]);
        if (scenario == null) {
            System.err.println("bench: unknown scenario '" + args[0] + "'; known: " + scenarios.keySet());
            System.exit(2);
        }
        BenchOptions options = new BenchOptions(args, 1);
        System.out.printf("bench %s on %d cores, max heap %d MiB, %s%n", scenario.name(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getVmVersion());
        Map<String, Object> figures;
        try {
            figures = new LinkedHashMap<>(scenario.run(options));
        } catch (Exception | Error e) {
            // a scenario that starts a hub or a broker leaves non-daemon threads behind: exit rather than hang
            e.printStackTrace();
            System.exit(1);
            return;
        }
        StringBuilder line = new StringBuilder("RESULT scenario=").append(scenario.name());
        figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.exit(0);
    }
}

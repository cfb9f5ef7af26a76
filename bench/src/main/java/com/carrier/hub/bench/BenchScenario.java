package com.carrier.hub.bench;

import java.util.Map;

/**
 * One benchmark scenario, run by {@code bench/run <name> [--option value …]}. Register the class in
 * {@code META-INF/services/com.carrier.hub.bench.BenchScenario}.
 */
public interface BenchScenario {

    /** The name given on the command line, for example {@code file-ingest}. */
    String name();

    /** One line for {@code bench/run --help}: what it measures and its options with defaults. */
    String usage();

    /**
     * Runs the scenario, printing progress as it likes, and returns the figures for the closing
     * {@code RESULT scenario=<name> key=value …} line (insertion order is kept).
     */
    Map<String, Object> run(BenchOptions options) throws Exception;
}

package com.carrier.hub.runtime.routes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Where the hub finds its YAML routes and how every route handles errors. */
@ConfigurationProperties("hub.routes")
@Validated
// a fixed bean name, so @Scheduled can read its durations (#{@routesProperties…})
@Component("routesProperties")
public class RoutesProperties {

    /** Folder of Camel YAML DSL route files ({@code *.yaml}, {@code *.yml}), relative to the working directory. */
    @NotBlank
    private String dir = "routes";

    /** Retry policy for transient errors; permanent errors go to the dead-letter store at once. */
    @Valid
    private final Retry retry = new Retry();

    /**
     * How long applying a route file waits for the exchanges in flight in its running routes (consumers stopped first).
     * A file whose routes are still busy then keeps its running version, its work completes, and the answer says so.
     */
    @NotNull
    private Duration reloadTimeout = Duration.ofSeconds(10);

    /**
     * How often each instance compares the route file versions it runs with the current ones in the database and
     * applies what another instance changed.
     */
    @NotNull
    private Duration syncInterval = Duration.ofSeconds(2);
    /** The largest route file text that validate, apply and import accept. */
    @NotNull
    private DataSize maxFileSize = DataSize.ofMegabytes(1);

    /** What route files may use; a file that uses anything else is refused naming the rule it broke. */
    @Valid
    private final Allow allow = new Allow();

    /** Message trace on demand ({@code POST /api/routes/{routeId}/trace}): how long, how many exchanges, how much body. */
    @Valid
    private final Trace trace = new Trace();

    public String getDir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public Retry getRetry() {
        return retry;
    }

    public Duration getReloadTimeout() {
        return reloadTimeout;
    }

    public void setReloadTimeout(Duration reloadTimeout) {
        this.reloadTimeout = reloadTimeout;
    }

    public Duration getSyncInterval() {
        return syncInterval;
    }

    public void setSyncInterval(Duration syncInterval) {
        this.syncInterval = syncInterval;
    }

    public DataSize getMaxFileSize() {
        return maxFileSize;
    }

    public void setMaxFileSize(DataSize maxFileSize) {
        this.maxFileSize = maxFileSize;
    }

    public Allow getAllow() {
        return allow;
    }

    public Trace getTrace() {
        return trace;
    }

    /**
     * The allowlist route files are checked against before they load. Kamelets and beans that a connector lists in
     * its {@code endpoints()} ({@code boss-sftp-source}, a plug-in's {@code bean:acmeCrmIngest}) are admitted besides
     * these.
     */
    public static class Allow {

        /** Camel components a route may name in an endpoint URI. */
        @NotNull
        private List<String> components = new ArrayList<>(List.of("kamelet", "timer", "scheduler", "direct", "seda", "log", "bean",
                "file"));

        /**
         * Kamelets admitted besides those of the registered connectors: the runtime's own, the campaign dispatch's step
         * to a touchpoint, the step that takes a touchpoint's result files into the response store and the one that takes
         * a BOSS file into the hub's tables.
         */
        @NotNull
        private List<String> kamelets = new ArrayList<>(List.of("touchpoint-send-action", "touchpoint-results-action",
                "boss-feed-ingest-action"));

        /** Beans (by name) a route may call with {@code bean:}, {@code process}, {@code ref} or {@code method}. */
        @NotNull
        private List<String> beans = new ArrayList<>(List.of("warehouseTargetListIngest", "mmCatalogIngest",
                "ledgerWarehouseFeeds", "contactFeedExport", "campaignFiles", "touchpointFiles",
                "campaignDispatch", "responseCorrelator", "bossOrderRequests", "evaluationScheduler", "caseLibrary",
                "hubEventOutbox", "networkEvents", "campaignDispatchWake", "globalHoldout"));

        /** Expression languages; simple is further held to its safe set of functions (see the README). */
        @NotNull
        private List<String> languages = new ArrayList<>(List.of("simple", "constant", "header", "exchangeProperty",
                "variable", "tokenize", "jsonpath"));

        /** Folders (relative to the working directory, or absolute) under which {@code file:} endpoints may read and write. */
        @NotNull
        private List<String> fileRoots = new ArrayList<>(List.of("var"));

        /**
         * Prefixes of the properties a route may read as {@code {{name}}} placeholders. Secrets never: properties
         * marked {@code @Secret} and names containing password, secret, token, passphrase, credential or private-key.
         */
        @NotNull
        private List<String> properties = new ArrayList<>(List.of("hub."));

        public List<String> getComponents() {
            return components;
        }

        public void setComponents(List<String> components) {
            this.components = components;
        }

        public List<String> getKamelets() {
            return kamelets;
        }

        public void setKamelets(List<String> kamelets) {
            this.kamelets = kamelets;
        }

        public List<String> getBeans() {
            return beans;
        }

        public void setBeans(List<String> beans) {
            this.beans = beans;
        }

        public List<String> getLanguages() {
            return languages;
        }

        public void setLanguages(List<String> languages) {
            this.languages = languages;
        }

        public List<String> getFileRoots() {
            return fileRoots;
        }

        public void setFileRoots(List<String> fileRoots) {
            this.fileRoots = fileRoots;
        }

        public List<String> getProperties() {
            return properties;
        }

        public void setProperties(List<String> properties) {
            this.properties = properties;
        }
    }

    /** Exponential back-off for transient errors. */
    public static class Retry {

        /** Redeliveries after the first attempt before the exchange goes to the dead-letter store. */
        @Min(0)
        private int maxRedeliveries = 5;

        /** Delay before the first redelivery. */
        @NotNull
        private Duration initialDelay = Duration.ofSeconds(1);

        /** Each further delay is the previous one times this. */
        @DecimalMin("1.0")
        private double multiplier = 2.0;

        /** Upper bound of a single delay. */
        @NotNull
        private Duration maxDelay = Duration.ofMinutes(1);

        public int getMaxRedeliveries() {
            return maxRedeliveries;
        }

        public void setMaxRedeliveries(int maxRedeliveries) {
            this.maxRedeliveries = maxRedeliveries;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    /**
     * Limits of a route trace: an admin switches it on for one route at a time, for a bounded time, and reads the last
     * exchanges step by step. A request names its own duration ({@code minutes}) and size ({@code last}) within these
     * maximums, or takes the defaults.
     */
    public static class Trace {

        /** How long a trace runs when the request names no {@code minutes}; it then switches itself off. */
        @NotNull
        private Duration defaultDuration = Duration.ofMinutes(5);

        /** The longest trace a request may ask for ({@code minutes} at most this, in whole minutes). */
        @NotNull
        private Duration maxDuration = Duration.ofMinutes(30);

        /** How many of the latest exchanges a trace keeps when the request names no {@code last}. */
        @Min(1)
        private int defaultLast = 20;

        /** The most exchanges a request may ask a trace to keep ({@code last} at most this). */
        @Min(1)
        private int maxLast = 200;

        /**
         * Characters of a message body (and of a header value) kept per step; longer text is cut and says so. Stream
         * and file bodies are never read for a trace.
         */
        @Min(1)
        private int bodyMaxChars = 2000;

        public Duration getDefaultDuration() {
            return defaultDuration;
        }

        public void setDefaultDuration(Duration defaultDuration) {
            this.defaultDuration = defaultDuration;
        }

        public Duration getMaxDuration() {
            return maxDuration;
        }

        public void setMaxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
        }

        public int getDefaultLast() {
            return defaultLast;
        }

        public void setDefaultLast(int defaultLast) {
            this.defaultLast = defaultLast;
        }

        public int getMaxLast() {
            return maxLast;
        }

        public void setMaxLast(int maxLast) {
            this.maxLast = maxLast;
        }

        /** The defaults lie within the maximums, and a trace can last at least one minute. */
        @AssertTrue(message = "default-duration must be at most max-duration, max-duration at least 1m, default-last at most max-last")
        public boolean isConsistent() {
            return defaultDuration == null || maxDuration == null
                    || (!defaultDuration.isNegative() && !defaultDuration.isZero() && defaultDuration.compareTo(maxDuration) <= 0
                    && maxDuration.toMinutes() >= 1 && defaultLast <= maxLast);
        }

        public int getBodyMaxChars() {
            return bodyMaxChars;
        }

        public void setBodyMaxChars(int bodyMaxChars) {
            this.bodyMaxChars = bodyMaxChars;
        }
    }
}

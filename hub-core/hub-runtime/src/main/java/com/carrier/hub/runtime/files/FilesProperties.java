package com.carrier.hub.runtime.files;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/** The hub's local side of file exchange: where outgoing feed files are written and how long a file claim holds. */
@ConfigurationProperties("hub.files")
@Validated
// a fixed bean name, so @Scheduled can read its durations (#{@filesProperties…})
@Component("filesProperties")
public class FilesProperties {

    /** Local folder where the hub writes the CUSTOMER, RESPONSE and EVAL feed files before their upload. */
    @NotNull
    private Path exportDir = Path.of(System.getProperty("java.io.tmpdir"), "hub-exports");

    /**
     * How long a claim on an incoming file holds while unconfirmed: a file claimed by an instance that died is taken
     * again after this.
     */
    @NotNull
    private Duration claimLease = Duration.ofMinutes(10);

    /** How often the MM app catalog in memory is re-read from the database (another instance may have loaded a new one). */
    @NotNull
    private Duration mmCatalogRefresh = Duration.ofSeconds(30);

    /**
     * How many rejected rows of each incoming batch file the hub keeps with the file's record (the first ones: line
     * number, reason code, the line with mobile numbers masked), for the console's Files page; 0 keeps none. The whole
     * reject file ({@code NAME.rej}) is on the peer's server either way.
     */
    @Min(0)
    @Max(10_000)
    private int rejectsKept = 100;

    public int getRejectsKept() { return rejectsKept; }
    public void setRejectsKept(int rejectsKept) { this.rejectsKept = rejectsKept; }
    public Duration getMmCatalogRefresh() { return mmCatalogRefresh; }
    public void setMmCatalogRefresh(Duration mmCatalogRefresh) { this.mmCatalogRefresh = mmCatalogRefresh; }
    public Path getExportDir() { return exportDir; }
    public void setExportDir(Path exportDir) { this.exportDir = exportDir; }
    public Duration getClaimLease() { return claimLease; }
    public void setClaimLease(Duration claimLease) { this.claimLease = claimLease; }
}

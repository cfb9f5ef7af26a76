package com.carrier.hub.runtime.managers;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** The account managers' assignment import and their work orders (MANAGER touchpoint). */
@ConfigurationProperties("hub.managers")
@Validated
public class ManagerProperties {

    /**
     * The largest assignment file {@code PUT /api/managers/assignments} takes (read whole before anything is applied);
     * a larger one is answered 413 naming this limit. 16MB holds about 400,000 lines of
     * {@code msisdn|manager_id|manager_name}.
     */
    @NotNull
    private DataSize maxUploadSize = DataSize.ofMegabytes(16);

    public DataSize getMaxUploadSize() {
        return maxUploadSize;
    }

    public void setMaxUploadSize(DataSize maxUploadSize) {
        this.maxUploadSize = maxUploadSize;
    }
}

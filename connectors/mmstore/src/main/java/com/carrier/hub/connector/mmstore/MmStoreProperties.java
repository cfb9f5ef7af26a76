package com.carrier.hub.connector.mmstore;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.http.HttpPeerProperties;

/**
 * Settings of the MM store connector: where MM is, how recommendations are pushed, how its callbacks are checked,
 * and where the app catalog comes from. Recommendations go to {@code <base-url>/api/v1/recommendations:batch} (at
 * most 500 a request); MM signs its download callbacks with {@code callback-secret}; the catalog file is fetched from
 * MM's SFTP server as set under {@code catalog.*}. The HTTP settings are those of {@link HttpPeerProperties}.
 */
@ConfigurationProperties("hub.connectors.mmstore")
@Validated
public class MmStoreProperties extends HttpPeerProperties {

    /**
     * The MM SFTP server the app catalog ({@code MM_APPS_<yyyyMMdd>.dat}, PEERS §4.1) is fetched from; none unless
     * {@code catalog.host} is set.
     */
    @Valid
    @NestedConfigurationProperty
    private MmCatalogSource catalog;

    public MmCatalogSource getCatalog() {
        return catalog;
    }

    public void setCatalog(MmCatalogSource catalog) {
        this.catalog = catalog;
    }

    /** True when a catalog SFTP server is configured. */
    public boolean hasCatalogSource() {
        return catalog != null && catalog.getHost() != null && !catalog.getHost().isBlank();
    }

    @Override
    public List<FieldError> validate(String prefix) {
        List<FieldError> errors = new ArrayList<>(super.validate(prefix));
        if (hasCatalogSource()) {
            String p = prefix + ".catalog";
            if (isEmpty(catalog.getPassword()) && isEmpty(catalog.getPrivateKeyFile())) {
                errors.add(new FieldError(p + ".password", "set a password or a private-key-file"));
            }
            for (String problem : catalog.feed().problems()) {
                errors.add(new FieldError(p + ".feed", problem));
            }
        }
        return errors;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}

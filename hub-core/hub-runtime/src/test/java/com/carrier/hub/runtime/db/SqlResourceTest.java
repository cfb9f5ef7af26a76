package com.carrier.hub.runtime.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlResourceTest {

    @Test
    void readsTheResourceBesideTheClass() throws Exception {
        Class<?> owner = Class.forName("com.carrier.hub.runtime.customer.BossTablePublishers");

        assertThat(SqlResource.load(owner, "orders.sql")).contains("INSERT INTO boss_order").contains("FROM %s");
    }

    @Test
    void aMissingResourceIsNamedWithItsFolder() {
        assertThatThrownBy(() -> SqlResource.load(SqlResourceTest.class, "nowhere.sql"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("SQL resource com/carrier/hub/runtime/db/nowhere.sql (beside SqlResourceTest)");
    }
}

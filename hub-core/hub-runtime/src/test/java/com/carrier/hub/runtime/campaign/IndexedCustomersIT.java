package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.HubIT;

/**
 * The customer index as a large list's policy holds it: every live customer with a valid MSISDN, found by a walk in
 * MSISDN order with their status, class (any SMALLINT, as a configured channel order may name it) and handset model;
 * deleted customers and malformed numbers are not there (a list row never matches them: UNKNOWN_CUSTOMER).
 */
class IndexedCustomersIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void liveCustomersAreFoundInOrderWithTheirFacts() throws Exception {
        String p = String.format("%05d", Math.floorMod(UUID.randomUUID().hashCode(), 100_000));
        String low = "133" + p + "001";
        String active = "133" + p + "002";
        String inactive = "188" + p + "003";
        String deleted = "188" + p + "004";
        String high = "199" + p + "005";
        customer(low, 1, 5, "HUAWEI Mate60", false);
        customer(active, 1, 12, null, false);
        customer(inactive, 2, 1, "Apple iPhone 15 \"Pro\"\t(A3104)", false);
        customer(deleted, 1, 3, "ZTE", true);
        customer(high, 1, -7, "HUAWEI Mate60", false);
        customer(p + "x", 1, 1, "ZTE", false); // not a valid MSISDN: never matched

        IndexedCustomers index;
        try (Connection con = dataSource.getConnection()) {
            con.setAutoCommit(false);
            index = IndexedCustomers.load(con, true);
            con.rollback();
        }
        IndexedCustomers.Cursor c = index.cursor();
        assertThat(c.seek(IndexedCustomers.key("133" + p + "000"))).as("no such customer").isFalse();
        assertThat(c.seek(IndexedCustomers.key(low))).isTrue();
        assertThat(c.active()).isTrue();
        assertThat(c.customerClass()).isEqualTo(5);
        assertThat(c.handset()).isEqualTo("HUAWEI Mate60");
        assertThat(c.seek(IndexedCustomers.key(active))).isTrue();
        assertThat(c.customerClass()).isEqualTo(12);
        assertThat(c.handset()).isNull();
        assertThat(c.seek(IndexedCustomers.key(inactive))).isTrue();
        assertThat(c.active()).isFalse();
        assertThat(c.customerClass()).isEqualTo(1);
        assertThat(c.handset()).isEqualTo("Apple iPhone 15 \"Pro\"\t(A3104)");
        assertThat(c.seek(IndexedCustomers.key(deleted))).as("deleted").isFalse();
        assertThat(c.seek(IndexedCustomers.key(high))).isTrue();
        assertThat(c.customerClass()).isEqualTo(-7);
        assertThat(c.handset()).isEqualTo("HUAWEI Mate60");
        assertThat(c.seek(IndexedCustomers.key("199" + p + "006"))).isFalse();

        IndexedCustomers.Cursor fresh = index.cursor();
        assertThat(fresh.seek(IndexedCustomers.key(high))).as("a new walk may start anywhere").isTrue();
        try (Connection con = dataSource.getConnection()) {
            con.setAutoCommit(false);
            IndexedCustomers withoutHandsets = IndexedCustomers.load(con, false);
            con.rollback();
            IndexedCustomers.Cursor h = withoutHandsets.cursor();
            assertThat(h.seek(IndexedCustomers.key(low))).isTrue();
            assertThat(h.handset()).as("not read unless asked for").isNull();
        }
    }

    private void customer(String msisdn, int status, int customerClass, String handset, boolean deleted) {
        jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, handset_model,"
                + " update_time, deleted) VALUES (?, ?, '客户', 'GOTONE', '591', ?, ?, ?, now(), ?)", msisdn, "C" + msisdn, status,
                customerClass, handset, deleted);
    }
}

package com.carrier.hub.runtime.managers;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.HubIT;

/**
 * V78 moves the call list of the MANAGER channel (manager_call_list, V47) into work orders with no loss: each row
 * becomes an OPEN order without a manager, created when it was listed. Run on a schema of its own, migrated to V76
 * first, so the hub's own schema is not touched.
 */
class WorkOrderMigrationIT extends HubIT {

    private static final String SCHEMA = "v78_migration_it";

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void drop() {
        jdbc.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void theCallListsRowsBecomeOpenWorkOrdersWithoutAManager() {
        flyway("76").migrate();
        jdbc.update("INSERT INTO " + SCHEMA + ".manager_call_list (campaign_id, msisdn, cust_name, city_code, script, listed_at)"
                + " VALUES ('C1', '13800000001', '钱总', '591', '致电钱总', '2026-11-01T10:00:00Z'),"
                + " ('C1', '13800000002', NULL, NULL, '致电', '2026-11-01T11:00:00Z')");

        flyway(null).migrate();

        assertThat(jdbc.queryForList("SELECT concat_ws('|', campaign_id, msisdn, cust_name, city_code, script, status,"
                + " coalesce(manager_id, '-'), created_at AT TIME ZONE 'UTC') FROM " + SCHEMA + ".work_order ORDER BY id",
                String.class)).containsExactly("C1|13800000001|钱总|591|致电钱总|OPEN|-|2026-11-01 10:00:00",
                        "C1|13800000002|致电|OPEN|-|2026-11-01 11:00:00");
        assertThat(jdbc.queryForObject("SELECT to_regclass(?)", String.class, SCHEMA + ".manager_call_list")).isNull();
    }

    private Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(dataSource).schemas(SCHEMA).locations("classpath:db/migration");
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }
}

package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.runtime.HubIT;

/** The contact status vocabulary is the enum and only the enum: the table's CHECK constraint names the same statuses. */
class ContactStatusIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theTableAllowsExactlyTheEnumsStatuses() {
        String definition = jdbc.queryForObject("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conname = 'campaign_contact_status' AND conrelid = 'campaign_contact'::regclass", String.class);
        Matcher quoted = Pattern.compile("'([A-Z_]+)'").matcher(definition);
        java.util.Set<String> allowed = new java.util.TreeSet<>();
        while (quoted.find()) {
            allowed.add(quoted.group(1));
        }
        assertThat(allowed).isEqualTo(Arrays.stream(ContactStatus.values()).map(Enum::name)
                .collect(Collectors.toCollection(java.util.TreeSet::new)));
    }

    @Test
    void aStatusOutsideTheVocabularyIsRefusedByTheDatabase() {
        String id = "STATUS-" + UUID.randomUUID().toString().substring(0, 8);
        assertThatThrownBy(() -> jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, status)"
                + " VALUES (?, '13900000001', 'SENDING')", id))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("campaign_contact_status");
    }
}

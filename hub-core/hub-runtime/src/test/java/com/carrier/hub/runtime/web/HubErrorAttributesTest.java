package com.carrier.hub.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

/** Boot's /error body, for failures no controller advice took: no SQL, no trace, no clear MSISDN. */
class HubErrorAttributesTest {

    private final HubErrorAttributes attributes = new HubErrorAttributes();

    private Map<String, Object> body(int status, Throwable failure) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/feedback/portal");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        return attributes.getErrorAttributes(new ServletWebRequest(request), ErrorAttributeOptions.of(
                ErrorAttributeOptions.Include.MESSAGE, ErrorAttributeOptions.Include.STACK_TRACE,
                ErrorAttributeOptions.Include.EXCEPTION));
    }

    @Test
    void aServerErrorShowsNeitherItsSqlNorItsKeysNorATrace() {
        Map<String, Object> body = body(500, new IllegalStateException(
                "ERROR: duplicate key value violates unique constraint \"campaign_contact_pkey\" Detail: Key (campaign_id,"
                        + " msisdn)=(C1, 13800138000) already exists. SQL [INSERT INTO campaign_contact ...]"));
        assertThat(body.get("message")).isEqualTo(HubErrorAttributes.SERVER_ERROR);
        assertThat(body).doesNotContainKeys("trace", "exception");
        assertThat(body.toString()).doesNotContain("13800138000").doesNotContain("INSERT").doesNotContain("pkey");
    }

    @Test
    void aClientErrorKeepsItsMessageWithMobileNumbersMasked() {
        Map<String, Object> body = body(400, new IllegalArgumentException("no contact of 13800138000 in campaign C1"));
        assertThat((String) body.get("message")).contains("campaign C1").doesNotContain("13800138000");
        assertThat(body).doesNotContainKeys("trace", "exception");
    }
}

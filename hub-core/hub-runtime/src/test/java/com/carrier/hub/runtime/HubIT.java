package com.carrier.hub.runtime;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Base of the runtime's integration tests: the real application on a random port, a fresh database on the embedded
 * PostgreSQL, the routes of src/test/resources/it-routes, three accounts (viewer, operator, admin) and the test
 * connector and beans of {@link TestBeans}. One shared context for every subclass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.database.embedded=true",
        "hub.routes.dir=src/test/resources/it-routes",
        "hub.routes.retry.max-redeliveries=2",
        "hub.routes.retry.initial-delay=10ms",
        "hub.routes.retry.max-delay=50ms",
        "hub.routes.reload-timeout=2s",
        "hub.routes.allow.beans=flaky,slowStep,rounds",
        // RouteTraceIT waits for a trace to switch itself off
        "hub.routes.trace.default-duration=2s",
        "hub.connectors.health-timeout=1s",
        "hub.security.users.viewer.password=viewer-pw",
        "hub.security.users.viewer.roles=VIEWER",
        "hub.security.users.operator.password=operator-pw",
        "hub.security.users.operator.roles=OPERATOR",
        "hub.security.users.admin.password=admin-pw",
        "hub.security.users.admin.roles=ADMIN",
        "hub.connectors.acme.endpoint=http://127.0.0.1:1/acme",
        "hub.connectors.acme.token=s3cr3t-token",
        // connectors with peers are exercised by ShippedRoutesIT against the sandbox simulators
        "hub.connectors.kafka.enabled=false",
        "hub.connectors.sms.enabled=false",
        "hub.connectors.portal.enabled=false",
        "hub.connectors.mmstore.enabled=false",
})
@Import(TestBeans.class)
@AutoConfigureObservability // Spring Boot tests switch metrics export off unless asked
public abstract class HubIT {

    @LocalServerPort
    protected int port;

    @Autowired
    protected TestRestTemplate rest;

    protected TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, user + "-pw");
    }
}

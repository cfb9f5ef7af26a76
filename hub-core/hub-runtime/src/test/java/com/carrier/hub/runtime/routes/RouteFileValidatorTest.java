package com.carrier.hub.runtime.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.Secret;
import com.carrier.hub.runtime.connectors.ConnectorRegistry;
import com.carrier.hub.runtime.peers.SftpPeerConnector;
import com.carrier.hub.runtime.peers.SftpPeerProperties;

/** The indirect forms of the attacks: each is refused by its rule; what routes really need passes. */
class RouteFileValidatorTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final GenericApplicationContext application = new GenericApplicationContext();
    private RouteFileValidator validator;

    @BeforeEach
    void start() {
        camel.start();
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("hub.connectors.kafka.enabled", "false",
                "hub.ledger.feeds-period", "60000")));
        application.setEnvironment(env);
        application.registerBean("acmeProperties", AcmeProperties.class);
        application.refresh();
        Connector acme = new Connector() {
            public String id() {
                return "acme";
            }

            public String description() {
                return "test";
            }

            public Object properties() {
                return new Object();
            }

            public ConnectorHealth probe() {
                return ConnectorHealth.up(Map.of());
            }

            public List<String> endpoints() {
                return List.of("acme-order-source", "bean:acmeIngest");
            }
        };
        validator = new RouteFileValidator(new RoutesProperties(), new ConnectorRegistry(List.of(acme,
                new SftpPeerConnector("present", new SftpPeerProperties())), Duration.ofSeconds(1)),
                env, application);
    }

    @AfterEach
    void stop() {
        camel.stop();
        application.close();
    }

    @Test
    void whatRoutesNeedPasses() {
        assertThat(check("""
                - route:
                    id: fine
                    from:
                      uri: kamelet:acme-order-source
                      parameters:
                        period: "{{hub.ledger.feeds-period}}"
                      steps:
                        - to: bean:acmeIngest?method=store
                        - setHeader:
                            name: day
                            simple: "${date:now:yyyyMMdd} ${header[Camel.Name]} ${exchangeProperty.x} ${file:name.noext}"
                        - split:
                            simple: "${body}"
                            steps:
                              - toD: "direct:out-${header.day}"
                        - to: "file:var/out?fileName=${header.day}.dat"
                """).status()).isEqualTo(RouteFile.Status.LOADED);
    }

    @Test
    void componentsAreCheckedWhereverAnEndpointIsNamed() {
        assertRefused("""
                - route:
                    id: r
                    from:
                      uri: direct:a
                      steps:
                        - to:
                            uri: exec
                            parameters:
                              executable: ls
                        - to: "language:groovy:'ls'.execute()"
                        - pollEnrich:
                            constant: "file:/etc?fileName=passwd"
                """, "line 7: rule component: component 'exec'", "line 10: rule component: component 'language'",
                "line 12: rule file-root");
    }

    @Test
    void endpointsComputedAtRunTimeAreRefused() {
        assertRefused("""
                - route:
                    id: r
                    from:
                      uri: direct:a
                      steps:
                        - toD: "${header.target}"
                        - recipientList:
                            simple: "${header.to}"
                        - to: "file:var/${header.dir}"
                """, "line 6: rule dynamic-endpoint", "line 8: rule dynamic-endpoint", "line 9: rule file-root");
    }

    @Test
    void classesAndScriptsAreRefused() {
        assertRefused("""
                - route:
                    id: r
                    from:
                      uri: direct:a
                      steps:
                        - process:
                            ref: "#class:java.lang.Runtime"
                        - setBody:
                            groovy: "'ls'.execute()"
                        - setBody:
                            expression:
                              language:
                                language: mvel
                                expression: x
                        - bean:
                            ref: dataSource
                            method: getConnection
                        - log: "${bean:runtime?method=exec} ${exchange.context.stop()} ${sys.user.home} ${env.HOME} ${type:java.lang.System.out}"
                - beans:
                    - name: x
                      type: java.lang.Runtime
                """, "line 7: rule bean-class", "line 9: rule language: expression language 'groovy'",
                "line 13: rule language: expression language 'mvel'", "line 16: rule bean: bean 'dataSource'",
                "${bean:runtime?method=exec}", "${exchange.context.stop()}", "${sys.user.home}", "${env.HOME}",
                "${type:java.lang.System.out}", "route #2, line 19: rule top-level");
    }

    @Test
    void filesStayUnderTheirRoots() {
        assertRefused("""
                - route:
                    id: r
                    from:
                      uri: "file:var/../../etc"
                      steps:
                        - to: "file:var/out?jailStartingDirectory=false"
                        - to:
                            uri: file:var/out
                            parameters:
                              fileName: /etc/cron.d/x
                        - to: "kamelet:acme-order-source?file=resource:file:/etc/shadow"
                        - to:
                            uri: kamelet:acme-order-source
                            parameters:
                              target: "file:/etc"
                """, "line 4: rule file-path", "line 4: rule file-root", "line 6: rule file-path: jailStartingDirectory",
                "line 10: rule file-path: fileName '/etc/cron.d/x' is absolute", "line 11: rule resource",
                "line 15: rule file-root: 'file:/etc'");
    }

    @Test
    void placeholdersReadOnlyHubSettingsThatAreNotSecret() {
        assertRefused("""
                - route:
                    id: r
                    from:
                      uri: direct:a
                      steps:
                        - log: "{{sys:user.home}} {{hub.connectors.sms.password}} {{server.port}}"
                        - log: "${properties:spring.datasource.password}"
                """, "rule placeholder-function: {{sys:user.home}}", "rule placeholder-secret: {{hub.connectors.sms.password}}",
                "rule placeholder: {{server.port}} is not under hub.routes.allow.properties",
                "line 7: rule placeholder-secret: {{spring.datasource.password}}");
    }

    @Test
    void kameletsOfUnknownConnectorsAreRefusedAndOfDisabledOnesSkipped() {
        assertRefused("""
                - route:
                    id: r
                    from:
                      uri: direct:a
                      steps:
                        - kamelet:
                            name: evil-source
                """, "line 7: rule kamelet: Kamelet 'evil-source'");
        RouteFileValidator.Verdict skipped = check("""
                - route:
                    id: r
                    from:
                      uri: kamelet:kafka-hub-source
                      steps:
                        - to: bean:acmeIngest
                """);
        assertThat(skipped.status()).isEqualTo(RouteFile.Status.SKIPPED);
        assertThat(skipped.disabledConnector()).isEqualTo("kafka");
    }

    @Test
    void aRouteReadingAnSftpPeerThisHubLacksIsSkippedNamingThePeerInItsUriOrItsParameters() {
        String route = """
                - route:
                    id: r
                    from:
                      uri: kamelet:sftp-pair-source?connector=%s
                      parameters:
                        directory: /cc/out
                        include: CALL_RESULT_.*\\.dat
                      steps:
                        - to: kamelet:touchpoint-results-action?touchpoint=CALL
                """;
        RouteFileValidator.Verdict skipped = check(route.formatted("absent"));
        assertThat(skipped.status()).isEqualTo(RouteFile.Status.SKIPPED);
        assertThat(skipped.disabledConnector()).isEqualTo("absent");
        assertThat(check(route.formatted("present")).status()).isEqualTo(RouteFile.Status.LOADED);
        RouteFileValidator.Verdict asParameter = check("""
                - route:
                    id: r
                    from:
                      uri: kamelet:sftp-pair-source
                      parameters:
                        connector: absent
                        directory: /cc/out
                        include: CALL_RESULT_.*
                      steps:
                        - to: log:x
                """);
        assertThat(asParameter.status()).isEqualTo(RouteFile.Status.SKIPPED);
        assertThat(asParameter.disabledConnector()).isEqualTo("absent");
    }

    @Test
    void propertiesMarkedSecretAreRefusedWhateverTheirName() {
        assertRefused("""
                - route:
                    id: r
                    from:
                      uri: direct:a
                      steps:
                        - log: "{{hub.connectors.acme.signing-salt}}"
                        - log: "{{hub.connectors.acme.peers.north.material}} {{hub.connectors.acme.peers.north.host}}"
                """, "line 6: rule placeholder-secret: {{hub.connectors.acme.signing-salt}}",
                "line 7: rule placeholder-secret: {{hub.connectors.acme.peers.north.material}}");
        assertThat(check("""
                - route:
                    id: r
                    from:
                      uri: direct:a
                      steps:
                        - log: "{{hub.connectors.acme.peers.north.host}}"
                """).status()).isEqualTo(RouteFile.Status.LOADED);
    }

    @Test
    void anAliasIsCheckedWhereItIsUsedAndSchemesWhateverTheirCase() {
        assertRefused("""
                - route:
                    id: r
                    from:
                      uri: direct:a
                      parameters: &p
                        groovy: "'ls'.execute()"
                      steps:
                        - setBody: *p
                        - to: "EXEC:ls"
                """, "rule language: expression language 'groovy'", "line 9: rule component: component 'exec'");
    }

    /** Settings of a connector with secrets whose names do not say so. */
    @ConfigurationProperties("hub.connectors.acme")
    public static class AcmeProperties {
        @Secret
        private String signingSalt;
        private Map<String, Peer> peers = new HashMap<>();

        public String getSigningSalt() {
            return signingSalt;
        }

        public void setSigningSalt(String signingSalt) {
            this.signingSalt = signingSalt;
        }

        public Map<String, Peer> getPeers() {
            return peers;
        }

        public void setPeers(Map<String, Peer> peers) {
            this.peers = peers;
        }

        /** One peer. */
        public static class Peer {
            @Secret
            private String material;
            private String host;

            public String getMaterial() {
                return material;
            }

            public void setMaterial(String material) {
                this.material = material;
            }

            public String getHost() {
                return host;
            }

            public void setHost(String host) {
                this.host = host;
            }
        }
    }

    private RouteFileValidator.Verdict check(String yaml) {
        return validator.check(yaml, camel);
    }

    private void assertRefused(String yaml, String... expected) {
        RouteFileValidator.Verdict verdict = check(yaml);
        assertThat(verdict.status()).as("%s", verdict.violations()).isEqualTo(RouteFile.Status.REFUSED);
        assertThat(String.join("\n", verdict.violations())).contains(expected);
    }
}

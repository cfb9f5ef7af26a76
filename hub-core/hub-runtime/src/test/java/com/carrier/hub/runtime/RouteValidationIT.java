package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.carrier.hub.runtime.routes.RouteProblem;
import com.carrier.hub.runtime.routes.RouteValidation;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * POST /api/routes/validate and the service behind it: every problem of a file is answered with its route, line,
 * rule and subject, and nothing is added to the CamelContext.
 */
class RouteValidationIT extends HubIT {

    @Autowired
    RouteValidation validation;
    @Autowired
    CamelContext camel;

    @Test
    void misspeltEndpointOptionIsNamedWithItsRouteLineAndSuggestion() throws Exception {
        JsonNode answer = post("admin", "misspelt-option.yaml", itRoute("misspelt-option.yaml"), MediaType.TEXT_PLAIN)
                .getBody();
        assertThat(answer.get("file").asText()).isEqualTo("misspelt-option.yaml");
        assertThat(answer.get("valid").asBoolean()).isFalse();
        assertThat(answer.get("problems")).hasSize(1);
        JsonNode p = answer.get("problems").get(0);
        assertThat(p.get("rule").asText()).isEqualTo("endpoint-option");
        assertThat(p.get("subject").asText()).isEqualTo("periood");
        assertThat(p.get("routeId").asText()).isEqualTo("test-misspelt-timer-option");
        assertThat(p.get("line").asInt()).isEqualTo(4);
        assertThat(p.get("message").asText()).contains("periood", "timer:misspelt", "did you mean 'period'");
    }

    @Test
    void unknownYamlKeyIsADslProblemWithItsLine() throws Exception {
        List<RouteProblem> problems = validation.validate("unknown-yaml-key.yaml", itRoute("unknown-yaml-key.yaml")).problems();
        assertThat(problems).extracting(RouteProblem::rule, RouteProblem::subject, RouteProblem::line, RouteProblem::routeId)
                .containsExactly(tuple("dsl", "mesage", 7, "test-unknown-eip-key"));
    }

    @Test
    void unknownAndMissingKameletParametersAreRefusedWhereCamelIgnoresThem() throws Exception {
        // Camel itself: an unknown parameter of a Kamelet is dropped without a word
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:validate-greet").routeId("validate-camel-ignores").to("kamelet:test-greeting-action?greeting=Hi&bogus=1");
            }
        });
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            assertThat(producer.requestBody("direct:validate-greet", "Ann", String.class)).isEqualTo("Hi Ann!");
        } finally {
            camel.getRouteController().stopRoute("validate-camel-ignores");
            camel.removeRoute("validate-camel-ignores");
        }
        List<RouteProblem> problems = validation.validate("greetings.yaml", """
                - route:
                    id: validate-greetings
                    from:
                      uri: direct:validate-greetings
                      steps:
                        - to: kamelet:test-greeting-action?greeting=Hi&bogus=1
                        - to: kamelet:test-greeting-action?greetin=Hi
                        - kamelet:
                            name: test-greeting-action
                            parameters:
                              greeting: Hello
                              punctuaton: "?"
                        - to:
                            uri: kamelet:touchpoint-results-action
                """).problems().stream().filter(p -> p.rule().equals("kamelet-parameter")).toList();
        assertThat(problems).extracting(RouteProblem::line, RouteProblem::subject).containsExactly(
                tuple(6, "bogus"), tuple(7, "greetin"), tuple(7, "greeting"), tuple(12, "punctuaton"), tuple(14, "touchpoint"));
        assertThat(problems.get(1).message()).contains("did you mean 'greeting'");
        assertThat(problems.get(2).message()).contains("needs parameter 'greeting'", "The word before the body");
        assertThat(problems.get(3).message()).contains("did you mean 'punctuation'");
        assertThat(problems).allMatch(p -> p.routeId().equals("validate-greetings"));
    }

    @Test
    void unresolvablePlaceholderIsNamed() {
        List<RouteProblem> problems = validation.validate("placeholders.yaml", """
                - route:
                    id: validate-placeholders
                    from:
                      uri: timer:validate-placeholders
                      parameters:
                        period: "{{hub.no.such}}"
                        delay: "{{hub.routes.retry.max-redeliveries}}"
                        repeatCount: "{{hub.no.such.either:1}}"
                      steps:
                        - log: "{{?hub.optional.missing}}"
                """).problems();
        assertThat(problems).extracting(RouteProblem::rule, RouteProblem::subject, RouteProblem::line)
                .containsExactly(tuple("placeholder", "hub.no.such", 6));
        assertThat(problems.get(0).message()).contains("{{hub.no.such}}", "does not resolve");
    }

    @Test
    void allowlistViolationIsStructured() {
        List<RouteProblem> problems = validation.validate("exec.yaml", """
                - route:
                    id: validate-exec
                    from:
                      uri: direct:validate-exec
                      steps:
                        - to: exec:ls
                """).problems();
        assertThat(problems).extracting(RouteProblem::rule, RouteProblem::subject, RouteProblem::line, RouteProblem::routeId)
                .containsExactly(tuple("component", "exec", 6, "validate-exec"));
        assertThat(problems.get(0).message()).contains("hub.routes.allow.components");
    }

    @Test
    void everyProblemOfAFileIsReported() {
        List<RouteProblem> problems = validation.validate("many.yaml", """
                - route:
                    id: validate-many-one
                    from:
                      uri: timer:validate-many?periood=1000
                      steps:
                        - to: exec:ls
                        - to:
                            uri: log:validate-many
                            parameters:
                              showBdy: true
                              level: LOUD
                - route:
                    id: validate-many-two
                    from:
                      uri: timer:validate-many-two?period={{hub.no.such}}
                      steps:
                        - log:
                            mesage: x
                - route:
                    id: validate-many-one
                    from:
                      uri: direct:validate-many-three
                      steps:
                        - log: three
                - route:
                    id: test-ticker-to-log
                    from:
                      uri: direct:validate-many-four
                      steps:
                        - log: four
                """).problems();
        assertThat(problems).extracting(RouteProblem::line, RouteProblem::rule, RouteProblem::subject).containsExactly(
                tuple(4, "endpoint-option", "periood"),
                tuple(6, "component", "exec"),
                tuple(10, "endpoint-option", "showBdy"),
                tuple(11, "endpoint-option", "level"),
                tuple(15, "placeholder", "hub.no.such"),
                tuple(18, "dsl", "mesage"),
                tuple(20, "route-id", "validate-many-one"),
                tuple(26, "route-id", "test-ticker-to-log"));
        assertThat(problems).allMatch(p -> p.file().equals("many.yaml"));
        assertThat(problems.get(2).message()).contains("did you mean 'showBody'");
        assertThat(problems.get(3).message()).contains("LOUD", "INFO");
        assertThat(problems.get(6).message()).contains("first at line 2");
        assertThat(problems.get(7).message()).contains("good-ticker.yaml");
    }

    @Test
    void theReadmeSampleAnswersAsDocumented() {
        String yaml = """
                - route:
                    id: my-ticker
                    from:
                      uri: timer:tick?periood=1000
                      steps:
                        - to: exec:ls
                        - to:
                            uri: kamelet:touchpoint-results-action
                            parameters:
                              touchpont: SMS
                        - log:
                            mesage: fired
                """;
        ResponseEntity<JsonNode> answer = post("admin", "my-flow.yaml", yaml, MediaType.valueOf("application/yaml"));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody().get("valid").asBoolean()).isFalse();
        List<String> problems = new java.util.ArrayList<>();
        answer.getBody().get("problems").forEach(p -> problems.add(p.get("line").asInt() + " " + p.get("rule").asText()
                + " " + p.get("subject").asText() + " " + p.get("routeId").asText() + ": " + p.get("message").asText()));
        assertThat(problems).containsExactly(
                "4 endpoint-option periood my-ticker: unknown option 'periood' of timer:tick; did you mean 'period'?",
                "6 component exec my-ticker: component 'exec' (in 'exec:ls') is not in hub.routes.allow.components"
                        + " [bean, direct, file, kamelet, log, scheduler, seda, timer]",
                "8 kamelet-parameter touchpoint my-ticker: Kamelet touchpoint-results-action needs parameter 'touchpoint'"
                        + " (Id of the touchpoint whose results the files are, for example CALL.)",
                "10 kamelet-parameter touchpont my-ticker: Kamelet touchpoint-results-action has no parameter 'touchpont';"
                        + " did you mean 'touchpoint'? (its parameters: [touchpoint])",
                "12 dsl mesage my-ticker: unknown key 'mesage': the YAML DSL has no such option here (misspelt, or at the"
                        + " wrong level?)");
    }

    @Test
    void aFileMayKeepItsOwnRouteIds() throws Exception {
        RouteValidation.Result result = validation.validate("good-ticker.yaml", itRoute("good-ticker.yaml"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.skipped()).isNull();
    }

    @Test
    void yamlSyntaxErrorHasItsLine() {
        List<RouteProblem> problems = validation.validate("broken.yaml", """
                - route:
                    id: validate-broken
                    from:
                      uri: direct:validate-broken
                      steps:
                        - log: a
                          - log: b
                """).problems();
        assertThat(problems).extracting(RouteProblem::rule, RouteProblem::line).containsExactly(tuple("yaml", 7));
        assertThat(problems.get(0).message()).contains("line 7, column");
    }

    @Test
    void validFileIsValidAndTheContextIsUntouched() throws Exception {
        Set<String> routes = routeIds();
        Set<String> definitions = definitionIds();
        int templates = ((org.apache.camel.model.ModelCamelContext) camel).getRouteTemplateDefinitions().size();
        Set<String> beans = new TreeSet<>(camel.getRegistry().findByTypeWithName(Object.class).keySet());
        String valid = """
                - route:
                    id: validate-valid
                    from:
                      uri: timer:validate-valid
                      parameters:
                        period: "{{hub.routes.retry.max-redeliveries}}"
                        repeatCount: 1
                      steps:
                        - to: kamelet:touchpoint-results-action?touchpoint=SMS
                        - to: "log:validate-valid?showBody=true"
                """;
        JsonNode answer = post("admin", "validate-valid.yaml", valid, MediaType.valueOf("application/yaml")).getBody();
        assertThat(answer.get("valid").asBoolean()).as("%s", answer).isTrue();
        assertThat(answer.get("problems")).isEmpty();
        List<RouteProblem> refused = validation.validate("many.yaml", itRoute("unknown-yaml-key.yaml")
                + itRoute("misspelt-option.yaml") + """
                - beans:
                    - name: validateBean
                      type: java.lang.StringBuilder
                - routeTemplate:
                    id: validate-template
                    from:
                      uri: direct:validate-template
                      steps:
                        - log: x
                """).problems();
        assertThat(refused).extracting(RouteProblem::rule).contains("dsl", "endpoint-option", "top-level");

        assertThat(routeIds()).isEqualTo(routes);
        assertThat(definitionIds()).isEqualTo(definitions);
        assertThat(((org.apache.camel.model.ModelCamelContext) camel).getRouteTemplateDefinitions()).hasSize(templates);
        assertThat(camel.getRoute("validate-valid")).isNull();
        assertThat(camel.getRegistry().findByTypeWithName(Object.class).keySet()).containsExactlyInAnyOrderElementsOf(beans);
        assertThat(camel.getRegistry().lookupByName("validateBean")).isNull();
    }

    @Test
    void onlyAdminsValidateAndRequestsAreChecked() {
        String yaml = "- route:\n    from:\n      uri: direct:x\n      steps:\n        - log: x\n";
        assertThat(post("viewer", "x.yaml", yaml, MediaType.TEXT_PLAIN).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(post("operator", "x.yaml", yaml, MediaType.TEXT_PLAIN).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<JsonNode> badName = post("admin", "../etc/x.yaml", yaml, MediaType.TEXT_PLAIN);
        assertThat(badName.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badName.getBody().toString()).contains("file", "../etc/x.yaml");

        ResponseEntity<JsonNode> tooLarge = post("admin", "x.yaml", yaml + "#".repeat(1024 * 1024), MediaType.TEXT_PLAIN);
        assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(tooLarge.getBody().toString()).contains("hub.routes.max-file-size");
    }

    private ResponseEntity<JsonNode> post(String user, String file, String yaml, MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(type);
        return as(user).postForEntity("/api/routes/validate?file={file}", new HttpEntity<>(yaml, headers), JsonNode.class, file);
    }

    private static String itRoute(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/it-routes", name));
    }

    private Set<String> routeIds() {
        Set<String> ids = new TreeSet<>();
        for (Route r : camel.getRoutes()) {
            ids.add(r.getRouteId());
        }
        return ids;
    }

    private Set<String> definitionIds() {
        Set<String> ids = new TreeSet<>();
        for (RouteDefinition d : ((org.apache.camel.model.ModelCamelContext) camel).getRouteDefinitions()) {
            ids.add(d.getRouteId());
        }
        return ids;
    }
}

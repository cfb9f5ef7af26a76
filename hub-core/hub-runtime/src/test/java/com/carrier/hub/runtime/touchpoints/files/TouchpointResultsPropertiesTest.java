package com.carrier.hub.runtime.touchpoints.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.FieldRule;

/** The call centre's results as shipped in config/application.yaml, and a wrong declaration named property by property. */
class TouchpointResultsPropertiesTest {

    @Test
    void theShippedCallDeclarationIsPeersSection92() throws Exception {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application.yaml",
                new FileSystemResource(Path.of("../../config/application.yaml")));
        TouchpointResultsProperties p = new Binder(ConfigurationPropertySources.from(yaml))
                .bind("hub.touchpoints", TouchpointResultsProperties.class).get();
        TouchpointResultsProperties.ResultFeed call = p.getResults().get("CALL");

        assertThat(call.problems("CALL")).isEmpty();
        assertThat(call.getPeer()).isEqualTo("call-centre");
        assertThat(call.getSource()).isEqualTo("call-centre");
        assertThat(call.codes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ACCEPTED", ResponseEvent.Type.ACCEPTED, "DECLINED", ResponseEvent.Type.DECLINED,
                "NO_ANSWER", ResponseEvent.Type.UNDELIVERED, "UNREACHABLE", ResponseEvent.Type.UNDELIVERED,
                "CALL_BACK", ResponseEvent.Type.DELIVERED, "DO_NOT_CALL", ResponseEvent.Type.UNSUBSCRIBED));
        FeedDefinition feed = call.feed("CALL");
        assertThat(feed.getName()).isEqualTo("call-result");
        assertThat(feed.getCharset()).isEqualTo("GBK");
        assertThat(feed.compile().matches("CALL_RESULT_20261207_0001.dat")).isTrue();
        assertThat(feed.getFields()).extracting(FieldRule::getName)
                .containsExactly("task_id", "msisdn", "result", "call_time", "agent_id", "note");
        FieldRule result = feed.getFields().get(2);
        assertThat(result.getValues()).containsExactlyInAnyOrder("ACCEPTED", "DECLINED", "NO_ANSWER", "UNREACHABLE",
                "CALL_BACK", "DO_NOT_CALL");
        assertThat(result.getRejectCode()).isEqualTo("BAD_RESULT");
    }

    @Test
    void aWrongDeclarationIsRefusedNamingEachProperty() {
        Map<String, String> props = Map.of(
                "hub.touchpoints.results.FAX.feed.name-pattern", "FAX_\\d{8}\\.dat",
                "hub.touchpoints.results.FAX.feed.fields[0].name", "job",
                "hub.touchpoints.results.FAX.feed.fields[1].name", "outcome",
                "hub.touchpoints.results.FAX.feed.fields[1].values", "SENT,BUSY",
                "hub.touchpoints.results.FAX.feed.fields[2].name", "at",
                "hub.touchpoints.results.FAX.key-field", "task",
                "hub.touchpoints.results.FAX.code-field", "outcome",
                "hub.touchpoints.results.FAX.time-field", "at",
                "hub.touchpoints.results.FAX.types.DELIVERED", "SENT");
        TouchpointResultsProperties p = new Binder(new MapConfigurationPropertySource(props))
                .bind("hub.touchpoints", TouchpointResultsProperties.class).get();

        assertThat(p.getResults().get("FAX").problems("FAX")).containsExactly(
                "hub.touchpoints.results.FAX.peer is required (an id under hub.peers)",
                "hub.touchpoints.results.FAX.key-field 'task' is not a field of the feed [job, outcome, at]",
                "hub.touchpoints.results.FAX.msisdn-field 'msisdn' is not a field of the feed [job, outcome, at]",
                "hub.touchpoints.results.FAX.time-field 'at' must be a required TIMESTAMP field of the feed",
                "hub.touchpoints.results.FAX.types: code 'BUSY' allowed by field outcome has no response type");
    }
}

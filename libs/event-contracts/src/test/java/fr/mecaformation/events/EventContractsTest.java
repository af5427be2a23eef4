package fr.mecaformation.events;

import fr.mecaformation.events.identity.UserProfileUpdated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventContractsTest {

    static List<EventDescriptor> events() {
        return EventCatalog.all();
    }

    @ParameterizedTest
    @MethodSource("events")
    void golden_sample_is_a_cloudevent_of_its_type_whose_data_matches_the_schema(EventDescriptor event) throws IOException {
        JsonNode sample = readSample(event);

        assertThat(sample.get("specversion").asString()).isEqualTo("1.0");
        assertThat(sample.get("type").asString()).isEqualTo(event.type());
        assertThat(EventSchemas.violations(event, bytes(sample.get("data")))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("events")
    void record_reads_the_golden_sample_and_writes_json_that_still_matches_the_schema(EventDescriptor event) throws IOException {
        JsonNode data = readSample(event).get("data");

        DomainEvent record = EventJson.read(bytes(data), event.javaType());

        assertThat(record.subject()).isEqualTo(readSample(event).get("subject").asString());
        assertThat(EventSchemas.violations(event, EventJson.write(record))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("events")
    void schema_rejects_a_body_without_its_required_fields(EventDescriptor event) {
        assertThat(EventSchemas.violations(event, "{}".getBytes())).isNotEmpty();
        assertThat(EventSchemas.violations(event, "not json".getBytes())).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("events")
    void tolerant_reader_ignores_fields_added_by_a_newer_producer(EventDescriptor event) throws IOException {
        var data = (tools.jackson.databind.node.ObjectNode) readSample(event).get("data");
        data.put("addedLater", "ignored");

        assertThat(EventJson.read(bytes(data), event.javaType())).isNotNull();
    }

    @Test
    void the_profile_snapshot_carries_the_legal_name_apart_from_the_display_name_and_reads_events_written_before_it() throws IOException {
        EventDescriptor updated = EventCatalog.of(UserProfileUpdated.class);
        UserProfileUpdated sample = EventJson.read(bytes(readSample(updated).get("data")), UserProfileUpdated.class);
        assertThat(sample.profile().legalName()).isEqualTo("Inès Martin");
        assertThat(sample.profile().displayName()).isEqualTo("Nénès du garage");

        var older = (tools.jackson.databind.node.ObjectNode) readSample(updated).get("data");
        ((tools.jackson.databind.node.ObjectNode) older.get("profile")).remove("legalName");
        assertThat(EventSchemas.violations(updated, bytes(older))).as("legalName is optional").isEmpty();
        assertThat(EventJson.read(bytes(older), UserProfileUpdated.class).profile().legalName()).isNull();

        var tooShort = (tools.jackson.databind.node.ObjectNode) readSample(updated).get("data");
        ((tools.jackson.databind.node.ObjectNode) tooShort.get("profile")).put("legalName", "I");
        assertThat(EventSchemas.violations(updated, bytes(tooShort))).isNotEmpty();
    }

    private static JsonNode readSample(EventDescriptor event) throws IOException {
        try (InputStream in = EventContractsTest.class.getClassLoader().getResourceAsStream(event.sample())) {
            assertThat(in).as("golden sample %s", event.sample()).isNotNull();
            return EventJson.mapper().readTree(in);
        }
    }

    private static byte[] bytes(JsonNode node) {
        return EventJson.mapper().writeValueAsBytes(node);
    }
}

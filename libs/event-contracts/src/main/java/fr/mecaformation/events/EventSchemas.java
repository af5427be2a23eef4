package fr.mecaformation.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates an event body against the JSON Schema its contract names. */
public final class EventSchemas {

    // networknt's validator reads Jackson 2 trees; the platform itself maps JSON with Jackson 3.
    private static final ObjectMapper TREE_READER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** @return the violations, empty when the body conforms */
    public static List<String> violations(EventDescriptor descriptor, byte[] body) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(descriptor.schema(), EventSchemas::load);
        try {
            JsonNode tree = TREE_READER.readTree(body);
            return schema.validate(tree).stream().map(ValidationMessage::getMessage).toList();
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    private static JsonSchema load(String location) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("no schema at classpath:" + location);
            }
            return FACTORY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

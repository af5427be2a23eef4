package fr.mecaformation.platform.inbox;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventDescriptor;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.EventSchemas;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * A CloudEvent read from a Kafka record. Anything that can never be processed (no CloudEvent headers, an
 * unknown type, a body that breaks the schema) is a {@link PoisonEventException}: retrying won't help, so it
 * goes straight to the dead-letter topic.
 */
public record IncomingEvent(CloudEvent cloudEvent) {

    public static IncomingEvent from(ConsumerRecord<String, byte[]> record) {
        try {
            return new IncomingEvent(KafkaMessageFactory.createReader(record).toEvent());
        } catch (RuntimeException notACloudEvent) {
            throw new PoisonEventException("not a CloudEvent: " + notACloudEvent.getMessage(), notACloudEvent);
        }
    }

    public String id() {
        return cloudEvent.getId();
    }

    public String type() {
        return cloudEvent.getType();
    }

    /** Reads the body as the contract's record after checking type and schema. */
    public <T extends DomainEvent> T as(EventDescriptor expected, Class<T> javaType) {
        if (!expected.type().equals(type())) {
            throw new PoisonEventException("expected " + expected.type() + " but got " + type(), null);
        }
        byte[] body = cloudEvent.getData() == null ? new byte[0] : cloudEvent.getData().toBytes();
        List<String> violations = EventSchemas.violations(expected, body);
        if (!violations.isEmpty()) {
            throw new PoisonEventException(type() + " " + id() + " breaks its schema: " + violations, null);
        }
        try {
            return EventJson.read(body, javaType);
        } catch (RuntimeException unreadable) {
            throw new PoisonEventException(type() + " " + id() + " does not read as " + javaType.getSimpleName() + ": "
                    + unreadable.getMessage(), unreadable);
        }
    }
}

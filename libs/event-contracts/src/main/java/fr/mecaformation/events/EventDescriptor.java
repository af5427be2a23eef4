package fr.mecaformation.events;

import java.util.Objects;

/** The wire identity of one event record, read from its {@link EventContract}. */
public record EventDescriptor(String type, String topic, String schema, Class<? extends DomainEvent> javaType) {

    public static EventDescriptor of(Class<? extends DomainEvent> javaType) {
        EventContract contract = javaType.getAnnotation(EventContract.class);
        Objects.requireNonNull(contract, () -> javaType.getName() + " has no @EventContract");
        return new EventDescriptor(contract.type(), contract.topic(), contract.schema(), javaType);
    }

    /** Where the golden sample of this event lives: beside the schema, under {@code samples/}. */
    public String sample() {
        return schema().replaceFirst("^schemas/", "samples/");
    }
}

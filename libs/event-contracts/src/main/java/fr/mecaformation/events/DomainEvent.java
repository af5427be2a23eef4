package fr.mecaformation.events;

/**
 * A fact that happened to one aggregate. Records implementing it are the JSON body of a CloudEvent; the
 * CloudEvents attributes (type, topic, schema) come from the record's {@link EventContract}.
 */
public interface DomainEvent {

    /** The aggregate's id: the CloudEvent subject and the Kafka key, so one aggregate's events stay ordered. */
    String subject();
}
